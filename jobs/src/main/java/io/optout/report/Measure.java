package io.optout.report;

import io.optout.OptionValues;

/** What the last-events view counts per event name (docs/metrics.md section 4, last events). */
public enum Measure {
  /** Occurrences, counted per opt-out. */
  TOTAL("total", "events"),
  /** Distinct users per opt-out date, summed over the dates of the range. */
  UNIQUE("unique", "users");

  private final String label;
  private final String unit;

  Measure(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  public static Measure parse(String text) {
    return OptionValues.label("--measure", "measure", text, values(), Measure::label);
  }
}
