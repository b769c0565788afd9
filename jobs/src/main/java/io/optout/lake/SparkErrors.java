package io.optout.lake;

import io.optout.OptoutException;
import java.util.ArrayList;
import java.util.List;

/** Spark's failures as one line a user can act on. */
final class SparkErrors {
  /** Spark's wrapper of a failed job: says where it failed, not what. */
  private static final String JOB_ABORTED = "Job aborted due to stage failure";

  private static final int MAX_LENGTH = 600;

  private SparkErrors() {}

  /**
   * The first line of each message in the cause chain, job wrappers and repeats left out, joined:
   * e.g. {@code Encountered error while reading file .../00000000000000000001.json: Unexpected
   * character ...}.
   */
  static String oneLine(Throwable failure) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause()) {
      String line = trimmed(OptoutException.firstLine(t.getMessage()));
      boolean repeat = parts.stream().anyMatch(p -> p.contains(line));
      if (!line.isEmpty() && !line.startsWith(JOB_ABORTED) && !repeat) {
        parts.add(line);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String joined = parts.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", parts);
    return joined.length() <= MAX_LENGTH ? joined : joined.substring(0, MAX_LENGTH) + " ...";
  }

  /** Without Spark's trailing "Details:" and full stop, so the parts join into one sentence. */
  private static String trimmed(String line) {
    String out = line.strip();
    if (out.endsWith("Details:")) {
      out = out.substring(0, out.length() - "Details:".length()).strip();
    }
    return out.endsWith(".") ? out.substring(0, out.length() - 1) : out;
  }
}
