package io.optout.export;

import io.optout.OptionValues;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The opt-out dates an export covers, both ends inclusive, relative to the as-of date D (input is
 * complete through the end of local day D). Presets end at D: last-week [D-6, D], last-month [D-29,
 * D], last-year [D-364, D]; "between" is any [from, to] with to <= D.
 */
public record ExportPeriod(String name, LocalDate from, LocalDate to, LocalDate asOf) {
  public static final String BETWEEN = "between";

  /** The presets of docs/metrics.md section 7 and how many days each covers, D included. */
  public enum Preset {
    LAST_WEEK("last-week", 7),
    LAST_MONTH("last-month", 30),
    LAST_YEAR("last-year", 365);

    private final String label;
    private final int days;

    Preset(String label, int days) {
      this.label = label;
      this.days = days;
    }

    public String label() {
      return label;
    }

    public static Preset parse(String text) {
      return OptionValues.label("--period", "period", text, values(), Preset::label);
    }
  }

  public ExportPeriod {
    OptionValues.requireRange(from, to, asOf);
  }

  /**
   * docs/metrics.md section 1: yesterday in the reporting zone, on the clock given (fixed in
   * tests).
   */
  public static LocalDate defaultAsOf(Clock clock, ZoneId zone) {
    return OptionValues.yesterday(clock, zone);
  }

  public static ExportPeriod preset(Preset preset, LocalDate asOf) {
    return new ExportPeriod(preset.label(), asOf.minusDays(preset.days - 1L), asOf, asOf);
  }

  public static ExportPeriod between(LocalDate from, LocalDate to, LocalDate asOf) {
    return new ExportPeriod(BETWEEN, from, to, asOf);
  }

  /** Number of local dates covered, both ends included. */
  public long days() {
    return to.toEpochDay() - from.toEpochDay() + 1;
  }

  @Override
  public String toString() {
    return name + " [" + from + ", " + to + "] (as of " + asOf + ")";
  }
}
