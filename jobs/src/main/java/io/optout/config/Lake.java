package io.optout.config;

import java.util.Locale;

/** The four input lakes of docs/metrics.md section 2. */
public enum Lake {
  CONSENT(true),
  PUSH(true),
  CAMPAIGN(false),
  EVENT(true);

  private final boolean partitionedByDt;

  Lake(boolean partitionedByDt) {
    this.partitionedByDt = partitionedByDt;
  }

  /** Event lakes are partitioned by {@code dt=YYYY-MM-DD}, the UTC date of event_time. */
  public boolean partitionedByDt() {
    return partitionedByDt;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
