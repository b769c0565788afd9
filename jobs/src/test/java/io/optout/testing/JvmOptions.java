package io.optout.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * conf/jvm.options, the JVM options of every optout JVM outside a cluster, read as the java
 * launcher reads an argument file: options separated by white space, {@code #} to the end of the
 * line a comment. The build passes its path as {@code optout.jvm-options}.
 */
public final class JvmOptions {
  private JvmOptions() {}

  public static Path file() {
    return Path.of(System.getProperty("optout.jvm-options", "../conf/jvm.options"));
  }

  /** Every option of {@link #file()}. */
  public static List<String> all() {
    return read(file());
  }

  /**
   * The options Spark needs to run on Java 17 (the module opens): all but the {@code -XX:} ones,
   * which tune the collector and the compiler.
   */
  public static List<String> forSpark() {
    return all().stream().filter(option -> !option.startsWith("-XX:")).toList();
  }

  public static List<String> read(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(line -> line.replaceFirst("#.*", "").trim())
          .filter(line -> !line.isEmpty())
          .flatMap(line -> Arrays.stream(line.split("\\s+")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JVM options " + file, e);
    }
  }
}
