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
  private static final long SAMPLE_MILLIS = 50;

  /**
   * What a child runs: the product's commands as {@code io.optout.cli.Main} runs them, plus the
   * benchmark's steps.
   */
  static final String BENCH_MAIN = "io.optout.bench.cli.BenchMain";

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

  private final String heap;
  private final Path logs;
  private final List<String> jvmOptions;

  /** A child with the launcher's JVM options (conf/jvm.options, {@link JvmOptionsFile}). */
  ChildJvm(String heap, Path logs) {
    this(heap, logs, JvmOptionsFile.read(JvmOptionsFile.location()));
  }

  ChildJvm(String heap, Path logs, List<String> jvmOptions) {
    this.heap = heap;
    this.logs = logs;
    this.jvmOptions = List.copyOf(jvmOptions);
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

  /**
   * The child's command line: this JVM's java and class path, the heap, then the launcher's JVM
   * options.
   */
  List<String> command(List<String> optoutArgs) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    // what bin/optout runs with: the benchmark measures the launcher's JVM
    command.addAll(jvmOptions);
    command.add("-Duser.timezone=UTC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BENCH_MAIN);
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
