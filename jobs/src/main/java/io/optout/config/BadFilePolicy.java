package io.optout.config;

import java.util.Locale;
import java.util.Optional;

/** {@code optout.on-bad-file}: what a run does with an input file it cannot read. */
public enum BadFilePolicy {
  /** Stop before any table is written, naming lake, file and problem (the default). */
  FAIL,
  /** Leave the file out, say so in the log and list it in optout_runs. */
  SKIP;

  public static Optional<BadFilePolicy> parse(String value) {
    for (BadFilePolicy policy : values()) {
      if (policy.key().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
