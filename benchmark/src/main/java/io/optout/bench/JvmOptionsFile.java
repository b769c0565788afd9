package io.optout.bench;

import io.optout.OptoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * conf/jvm.options, the one list of the launcher's JVM options (collector, compiler, the module
 * opens Spark needs), read as the java launcher reads an argument file: options separated by white
 * space, {@code #} to the end of the line a comment.
 */
final class JvmOptionsFile {
  /** The system property bin/optout and the build set to the file's path. */
  static final String PATH_PROPERTY = "optout.jvm-options";

  private JvmOptionsFile() {}

  /** The file bin/optout named, else conf/jvm.options under the working folder. */
  static Path location() {
    return Path.of(System.getProperty(PATH_PROPERTY, "conf/jvm.options"));
  }

  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(line -> line.replaceFirst("#.*", "").trim())
          .filter(line -> !line.isEmpty())
          .flatMap(line -> Arrays.stream(line.split("\\s+")))
          .toList();
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot read the JVM options " + file + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }
}
