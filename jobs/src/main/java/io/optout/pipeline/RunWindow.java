package io.optout.pipeline;

import io.optout.OptionValues;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The opt-out dates a run recomputes, [from, to] in the reporting zone, and its as-of date (input
 * complete through the end of that local day). Converts them to the UTC instants and the {@code dt}
 * partitions each lake must be read for.
 */
public record RunWindow(
    LocalDate from, LocalDate to, LocalDate asOf, ZoneId zone, boolean nightly) {

  public RunWindow {
    OptionValues.requireRange(from, to, asOf);
  }

  /** {@code run --date D}: dates [D - R, D], R = max lookback + late-arrival days. */
  public static RunWindow nightly(LocalDate date, OptoutConfig config) {
    return new RunWindow(
        date.minusDays(config.nightlyRecomputeDays()), date, date, config.timezone(), true);
  }

  /** {@code run --from A --to B [--as-of D]}. */
  public static RunWindow range(LocalDate from, LocalDate to, LocalDate asOf, ZoneId zone) {
    return new RunWindow(from, to, asOf, zone, false);
  }

  /** Yesterday in the reporting zone: the default as-of date. */
  public static LocalDate yesterday(Clock clock, ZoneId zone) {
    return OptionValues.yesterday(clock, zone);
  }

  /** First instant of the window. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** First instant after the window. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** Partitions holding every instant in [start - daysBefore, end + daysAfter]. */
  public DtRange partitionsAround(int daysBefore, int daysAfter) {
    return DtRange.between(
        utcDate(start().minus(Duration.ofDays(daysBefore))),
        utcDate(end().plus(Duration.ofDays(daysAfter))));
  }

  public static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  public String describe() {
    return from + ".." + to + " (as of " + asOf + ", " + zone + ")";
  }
}
