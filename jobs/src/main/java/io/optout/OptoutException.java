package io.optout;

/**
 * A failure the user can act on: bad input data, a missing lake, a refused export. The CLI prints
 * its message as one line (no stack trace) and exits with {@link #exitCode()}.
 */
public class OptoutException extends RuntimeException {
  /** Exit code for wrong options, bad dates, invalid configuration. */
  public static final int USAGE = 2;

  /** Exit code for a run that failed on its input or output. */
  public static final int FAILED = 1;

  /** Exit code for input that is not there yet (a scheduler may wait and retry). */
  public static final int INPUT_MISSING = 3;

  private final int exitCode;

  public OptoutException(String message) {
    this(message, FAILED);
  }

  public OptoutException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public OptoutException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Wrong options or arguments: exit code 2. */
  public static OptoutException usage(String message) {
    return new OptoutException(message, USAGE);
  }

  /** The first line of a (possibly multi-line, Spark-style) message, for one-line errors. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
