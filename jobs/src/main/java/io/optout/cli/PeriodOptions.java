package io.optout.cli;

import io.optout.OptoutException;
import io.optout.export.ExportPeriod;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/**
 * The date-range options of docs/metrics.md section 7 as a picocli mixin: --period
 * last-week|last-month|last-year, or --from A --to B, and --as-of (default yesterday in the
 * reporting zone). Same rules as export.
 */
public class PeriodOptions {
  @Option(
      names = "--period",
      paramLabel = "PERIOD",
      description = "last-week, last-month or last-year (ending at the as-of date).")
  String period;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "First opt-out date (with --to; inclusive).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "Last opt-out date (with --from; inclusive; not after the as-of date).")
  String to;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "As-of date D (default: yesterday in the reporting time zone).")
  String asOf;

  /** The range asked for; every mistake is a usage error naming the option. */
  public ExportPeriod period(Clock clock, ZoneId zone) {
    LocalDate d = asOf == null ? ExportPeriod.defaultAsOf(clock, zone) : date("--as-of", asOf);
    if (period != null && (from != null || to != null)) {
      throw OptoutException.usage("use either --period or --from/--to, not both");
    }
    if (period != null) {
      return ExportPeriod.preset(ExportPeriod.Preset.parse(period), d);
    }
    if (from == null || to == null) {
      throw OptoutException.usage(
          "give --period last-week|last-month|last-year, or both --from and --to");
    }
    return ExportPeriod.between(date("--from", from), date("--to", to), d);
  }

  private static LocalDate date(String option, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw OptoutException.usage(option + ": '" + text + "' is not a date (use YYYY-MM-DD)");
    }
  }
}
