package io.optout.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark measures the JVM users get from the launcher, not another one. */
class ChildJvmTest {
  private static final Path LAUNCHER = Path.of("..", "bin", "optout");

  @Test
  void childRunsWithTheLaunchersJvmOptionsAndTheGivenHeap() throws IOException {
    List<String> command = new ChildJvm("1500m", Path.of("logs")).command(List.of("run", "-x"));

    assertTrue(command.contains("-Xmx1500m"), command.toString());
    assertTrue(command.containsAll(ChildJvm.LAUNCHER_OPTIONS), command.toString());
    assertEquals(
        List.of("io.optout.cli.Main", "run", "-x"),
        command.subList(command.size() - 3, command.size()));
    String defaults =
        Files.readAllLines(LAUNCHER).stream()
            .filter(line -> line.startsWith("default_java_opts="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("bin/optout sets no default_java_opts"));
    List<String> launcherOptions =
        List.of(defaults.replaceAll("^default_java_opts=\"|\"$", "").split(" "));
    assertEquals(
        ChildJvm.LAUNCHER_OPTIONS,
        launcherOptions.stream().filter(option -> option.startsWith("-XX:")).toList());
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

  @Test
  void theSuiteRunsWithTheLaunchersJvmOptions() {
    // jobs/pom.xml gives surefire the launcher's options: the suite's timings stay comparable
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(arguments.containsAll(ChildJvm.LAUNCHER_OPTIONS), arguments.toString());
  }
}
