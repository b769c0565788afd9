package io.optout.lake;

import io.optout.config.Lake;

/**
 * An input file (or folder) a run does not read, and why: found by {@link InputFiles} before any
 * data is read, so the problem is named in one line instead of failing a Spark task.
 */
public record BadFile(Lake lake, String path, String reason, Kind kind) {

  /** How a bad entry is treated (docs/bad-input.md). */
  public enum Kind {
    /** A zero-byte file: holds no rows, left out in every mode and reported. */
    ZERO_BYTE,
    /**
     * A folder that is not a dt=YYYY-MM-DD partition (or a folder inside one): its files are not
     * read.
     */
    UNKNOWN_FOLDER,
    /** A file that cannot be read as the lake's format or breaks the contract's column types. */
    UNREADABLE
  }

  public static BadFile zeroByte(Lake lake, String path) {
    return new BadFile(lake, path, "zero-byte file", Kind.ZERO_BYTE);
  }

  public static BadFile folder(Lake lake, String path, String reason) {
    return new BadFile(lake, path, reason, Kind.UNKNOWN_FOLDER);
  }

  public static BadFile unreadable(Lake lake, String path, String reason) {
    return new BadFile(lake, path, reason, Kind.UNREADABLE);
  }

  /**
   * One line naming lake, file and problem, e.g. {@code lake push: file /l/dt=.../x.parquet: not a
   * Parquet file ...}.
   */
  public String describe() {
    return "lake "
        + lake.key()
        + ": "
        + (kind == Kind.UNKNOWN_FOLDER ? "folder " : "file ")
        + path
        + ": "
        + reason;
  }
}
