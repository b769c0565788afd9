package io.optout.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM a test starts on the jars of a Spark installation ({@code SPARK_HOME/jars/*}, as {@code
 * bin/spark-class} does), with stdout and stderr in one log file. {@link #close()} kills it and
 * every process it started (a Worker's executors), so a failed test leaves nothing running.
 */
public final class ChildJvm implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int TAIL_LINES = 60;

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmOptions> -cp SPARK_HOME/jars/* <mainClass> <args>} with {@code env}
   * added.
   */
  public static ChildJvm start(
      String name,
      Path sparkHome,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        sparkHome.resolve("jars") + File.separator + "*"); // the java launcher expands the wildcard
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + name, e);
    }
  }

  /**
   * Waits until the log contains {@code text}; fails (with the log's tail) if the JVM ends first or
   * time runs out.
   */
  public void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!log().contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " exited with "
                + process.exitValue()
                + " before logging '"
                + text
                + "'\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not log '" + text + "' within " + timeout + "\n" + tail());
      }
      sleep(POLL);
    }
  }

  /**
   * The exit code; fails (with the log's tail) if the JVM is still running after {@code timeout}.
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + "\n" + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, e);
    }
    return process.exitValue();
  }

  /** The last lines of the log, for failure messages. */
  public String tail() {
    List<String> lines = log().lines().toList();
    return "--- last lines of "
        + log
        + " ---\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** Kills the JVM and its descendants (SIGKILL) and waits until they are gone. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    tree.forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
