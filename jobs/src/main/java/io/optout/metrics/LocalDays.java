package io.optout.metrics;

import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * The local dates {@code [from, to]} a table is computed for, in the reporting zone, with the
 * instants that begin them: {@code start(d)} of docs/metrics.md section 8 (docs/insights.md, Words)
 * is local midnight, so a day can be 23 or 25 hours long across a DST change.
 */
public record LocalDays(LocalDate from, LocalDate to, ZoneId zone) {

  public LocalDays {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
  }

  /** start(d): the instant of local midnight that begins {@code day}. */
  public Instant start(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** start(from). */
  public Instant start() {
    return start(from);
  }

  /** The first instant after the last day: start(to + 1). */
  public Instant end() {
    return start(to.plusDays(1));
  }

  /** The same zone and last day, starting {@code days} days earlier. */
  public LocalDays extendedBack(int days) {
    return new LocalDays(from.minusDays(days), to, zone);
  }

  /** The local date of a UTC instant column. */
  Column dateOf(Column instant) {
    return TimeWindows.localDate(instant, zone);
  }

  /** Day index of a date column: 0 for {@code from}. */
  Column index(Column date) {
    return datediff(date, lit(Date.valueOf(from)));
  }

  /** The date of a day index column. */
  Column dateAt(Column index) {
    return date_add(lit(Date.valueOf(from)), index);
  }

  int count() {
    return (int) (to.toEpochDay() - from.toEpochDay()) + 1;
  }

  /** One element per day: {@code explode(every())} gives a row per date of the window. */
  Column every() {
    return sequence(lit(Date.valueOf(from)), lit(Date.valueOf(to)));
  }

  Column fromDate() {
    return lit(Date.valueOf(from));
  }

  Column toDate() {
    return lit(Date.valueOf(to));
  }
}
