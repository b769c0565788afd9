package io.optout.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM of the benchmark: its command line and what it measures. */
class ChildJvmTest {
  @Test
  void childRunsTheBenchmarksMainWithTheGivenHeapAndJvmOptions() {
    List<String> command =
        new ChildJvm("1500m", Path.of("logs"), List.of("-XX:+UseSerialGC", "-Dprobe=1"))
            .command(List.of("run", "-x"));

    assertEquals(
        List.of("-Xmx1500m", "-XX:+UseSerialGC", "-Dprobe=1"),
        command.subList(1, 4),
        command.toString());
    assertEquals(
        List.of(ChildJvm.BENCH_MAIN, "run", "-x"),
        command.subList(command.size() - 3, command.size()));
  }

  @Test
  void aChildIsMeasuredForWallTimeCpuTimeAndPeakMemory(@TempDir Path logs) {
    // a JVM that starts, prints its version and exits: no Spark, a short burst of CPU
    ChildJvm.Measurement version = new ChildJvm("256m", logs).run("version", List.of("--version"));

    assertEquals(0, version.exitCode());
    assertTrue(version.wallMillis() > 0, version.toString());
    assertTrue(version.cpuMillis() > 0, "the child's CPU time was sampled: " + version);
    assertTrue(version.peakRssKb() > 0, "the child's peak RSS was sampled: " + version);
    assertTrue(Files.exists(logs.resolve("version.log")));
  }
}
