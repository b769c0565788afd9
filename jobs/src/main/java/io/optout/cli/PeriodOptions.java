package io.optout.cli;

import io.optout.OptionValues;
import io.optout.export.ExportPeriod;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * The date-range options of docs/metrics.md section 7 as a picocli mixin: --period
 * last-week|last-month|last-year, or --from A --to B, and --as-of (default yesterday in the
 * reporting zone). Shared by export and report.
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

  /** The clock of the default as-of date; fixed in tests. */
  Clock clock = Clock.systemUTC();

  /** The range asked for; every mistake is a usage error naming the option. */
  public ExportPeriod period(ZoneId zone) {
    LocalDate d =
        asOf == null ? OptionValues.yesterday(clock, zone) : OptionValues.date("--as-of", asOf);
    if (period != null && (from != null || to != null)) {
      throw UsageErrors.exclusive("--period", "--from/--to");
    }
    if (period != null) {
      return ExportPeriod.preset(ExportPeriod.Preset.parse(period), d);
    }
    if (from == null || to == null) {
      throw UsageErrors.required(
          "--period last-week|last-month|last-year, or both --from and --to");
    }
    return ExportPeriod.between(
        OptionValues.date("--from", from), OptionValues.date("--to", to), d);
  }
}
