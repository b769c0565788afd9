package io.optout.lake;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;

/**
 * Every user-facing failure of reading a lake, built in one place: each message is one line that
 * starts with the lake and names its path or file, so an operator sees at once which input to fix.
 */
public final class LakeErrors {
  private LakeErrors() {}

  public static OptoutException pathMissing(Lake lake, LakeConfig config) {
    return new OptoutException(
        "lake " + lake.key() + ": path " + config.path() + " does not exist");
  }

  public static OptoutException cannotAccess(Lake lake, LakeConfig config, Exception cause) {
    return new OptoutException(
        "lake " + lake.key() + ": cannot access " + config.path() + ": " + cause.getMessage(),
        OptoutException.FAILED,
        cause);
  }

  public static OptoutException cannotList(Lake lake, LakeConfig config, Exception cause) {
    return new OptoutException(
        "lake "
            + lake.key()
            + ": cannot list "
            + config.path()
            + ": "
            + OptoutException.firstLine(cause.getMessage()),
        OptoutException.FAILED,
        cause);
  }

  public static OptoutException noDtPartitions(Lake lake, LakeConfig config) {
    return new OptoutException(
        "lake "
            + lake.key()
            + " at "
            + config.path()
            + ": no dt partition column (expected folders dt=YYYY-MM-DD)");
  }

  public static OptoutException requiredColumnMissing(Lake lake, LakeConfig config, String column) {
    return new OptoutException(
        "lake "
            + lake.key()
            + " at "
            + config.path()
            + ": required column '"
            + column
            + "' is missing");
  }

  public static OptoutException unreadable(Lake lake, LakeConfig config, Exception cause) {
    return new OptoutException(
        "lake "
            + lake.key()
            + " at "
            + config.path()
            + ": cannot read as "
            + config.format().sparkName()
            + ": "
            + SparkErrors.oneLine(cause),
        OptoutException.FAILED,
        cause);
  }

  /** The first bad file or folder stops the run (optout.on-bad-file = fail). */
  public static OptoutException badInput(BadFile first, int more) {
    String others = more > 0 ? " (and " + more + " more bad entries, listed above)" : "";
    return new OptoutException(
        first.describe() + others + "; set optout.on-bad-file = skip to leave bad files out");
  }

  /** Skipping every file would silently turn a broken lake into an empty one. */
  public static OptoutException everyFileBad(Lake lake, DtRange range, BadFile example) {
    return new OptoutException(
        "lake "
            + lake.key()
            + ": every data file of "
            + range
            + " is bad, nothing left to read even with optout.on-bad-file = skip; e.g. "
            + example.describe());
  }

  public static OptoutException fileCheckFailed(Throwable cause) {
    return new OptoutException(
        "checking input files failed: " + OptoutException.firstLine(cause.getMessage()),
        OptoutException.FAILED,
        cause);
  }

  public static OptoutException fileCheckInterrupted(InterruptedException cause) {
    return new OptoutException(
        "interrupted while checking input files", OptoutException.FAILED, cause);
  }
}
