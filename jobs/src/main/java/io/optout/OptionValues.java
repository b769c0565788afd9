package io.optout;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parsing of option values shared by every command: dates, as-of dates and the closed sets of
 * labels (periods, measures, formats, plans). Failures come from {@link OptionErrors}.
 */
public final class OptionValues {
  private OptionValues() {}

  /** A {@code YYYY-MM-DD} date, surrounding blanks ignored. */
  public static LocalDate date(String option, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw OptionErrors.badDate(option, text);
    }
  }

  /**
   * The default as-of date (docs/metrics.md section 1): yesterday in the reporting zone, on {@code
   * clock}.
   */
  public static LocalDate yesterday(Clock clock, ZoneId zone) {
    return LocalDate.now(clock.withZone(zone)).minusDays(1);
  }

  /** Checks {@code from <= to <= asOf}, the rule of every run, export and report range. */
  public static void requireRange(LocalDate from, LocalDate to, LocalDate asOf) {
    if (from.isAfter(to)) {
      throw OptionErrors.fromAfterTo(from, to);
    }
    if (to.isAfter(asOf)) {
      throw OptionErrors.afterAsOf(to, asOf);
    }
  }

  /**
   * The value whose label is {@code text} (case and surrounding blanks ignored), else a usage error
   * naming the option and listing the labels.
   */
  public static <E> E label(
      String option, String kind, String text, E[] values, Function<E, String> label) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (E value : values) {
      if (label.apply(value).equals(wanted)) {
        return value;
      }
    }
    throw OptionErrors.unknownValue(option, kind, text, labels(values, label));
  }

  public static <E> List<String> labels(E[] values, Function<E, String> label) {
    return Arrays.stream(values).map(label).toList();
  }
}
