package io.optout.spark;

import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * The two range predicates of the pipeline, written once: dates in an inclusive {@code [from, to]}
 * (partitions, output days) and instants in a half-open {@code [from, until)} (a run's window).
 */
public final class ColumnRanges {
  private ColumnRanges() {}

  /** {@code from <= date <= to}. */
  public static Column datesIn(Column date, LocalDate from, LocalDate to) {
    return datesIn(date, Optional.of(from), Optional.of(to));
  }

  /** {@code from <= date <= to}, an absent end unbounded (true when both are absent). */
  public static Column datesIn(Column date, Optional<LocalDate> from, Optional<LocalDate> to) {
    Column lower = from.map(f -> date.geq(lit(Date.valueOf(f)))).orElse(null);
    Column upper = to.map(t -> date.leq(lit(Date.valueOf(t)))).orElse(null);
    if (lower == null) {
      return upper == null ? lit(true) : upper;
    }
    return upper == null ? lower : lower.and(upper);
  }

  /** {@code from <= time < until}. */
  public static Column instantsIn(Column time, Instant from, Instant until) {
    return time.geq(lit(Timestamp.from(from))).and(time.lt(lit(Timestamp.from(until))));
  }
}
