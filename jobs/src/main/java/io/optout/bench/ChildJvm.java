package io.optout.bench;

import io.optout.OptoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one optout command in a JVM of its own, as a user would, and measures it as a whole process:
 * wall time from start to exit, peak resident memory (Linux {@code VmHWM}) and CPU time (user plus
 * system), both sampled while it runs; both only grow, so the last sample is within one interval of
 * the true figure.
 */
final class ChildJvm {
  /**
   * The JDK 17 module openings Spark needs (the jar's manifest has the same list for java -jar).
   */
  static final List<String> SPARK_OPENS =
      List.of(
          "java.base/java.lang",
          "java.base/java.lang.invoke",
          "java.base/java.lang.reflect",
          "java.base/java.io",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/java.util",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/jdk.internal.ref",
          "java.base/sun.nio.ch",
          "java.base/sun.nio.cs",
          "java.base/sun.security.action",
          "java.base/sun.util.calendar");

  private static final long SAMPLE_MILLIS = 50;

  /** What one child run cost, and where its output went. */
  record Measurement(
      String name, long wallMillis, long cpuMillis, long peakRssKb, int exitCode, Path log) {
    double seconds() {
      return wallMillis / 1000.0;
    }

    double cpuSeconds() {
      return cpuMillis / 1000.0;
    }
  }

  /**
   * The options bin/optout starts its JVM with: the parallel collector (a batch run wants
   * throughput) and C2 thresholds 30 times the JVM's (compile only the code that is really hot).
   */
  static final List<String> LAUNCHER_OPTIONS =
      List.of(
          "-XX:+UseParallelGC",
          "-XX:Tier4InvocationThreshold=150000",
          "-XX:Tier4MinInvocationThreshold=18000",
          "-XX:Tier4CompileThreshold=450000",
          "-XX:Tier4BackEdgeThreshold=1200000");

  private final String heap;
  private final Path logs;

  ChildJvm(String heap, Path logs) {
    this.heap = heap;
    this.logs = logs;
  }

  Measurement run(String name, List<String> optoutArgs) {
    List<String> command = command(optoutArgs);
    Path log = logs.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
    try {
      Files.createDirectories(logs);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long began = System.nanoTime();
      long peak = 0;
      long cpu = 0;
      while (!process.waitFor(SAMPLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        peak = Math.max(peak, highWaterMarkKb(process.pid()));
        cpu = Math.max(cpu, cpuMillis(process.toHandle()));
      }
      long wall = (System.nanoTime() - began) / 1_000_000;
      return new Measurement(name, wall, cpu, peak, process.exitValue(), log);
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot start " + name + ": " + e.getMessage(), OptoutException.FAILED, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OptoutException("bench: interrupted during " + name, OptoutException.FAILED, e);
    }
  }

  /** The child's command line: this JVM's java and class path, the launcher's JVM options. */
  List<String> command(List<String> optoutArgs) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    // what bin/optout runs with: the benchmark measures the launcher's JVM
    command.addAll(LAUNCHER_OPTIONS);
    SPARK_OPENS.forEach(open -> command.add("--add-opens=" + open + "=ALL-UNNAMED"));
    command.add("-Duser.timezone=UTC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.optout.cli.Main");
    command.addAll(optoutArgs);
    return command;
  }

  /** User plus system CPU time so far, in ms; 0 when the process is gone. */
  private static long cpuMillis(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  /** Peak resident set so far, in kB; 0 when the process is gone or not on Linux. */
  private static long highWaterMarkKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // the process ended between two samples
    }
    return 0;
  }
}
