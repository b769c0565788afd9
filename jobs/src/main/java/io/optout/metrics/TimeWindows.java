package io.optout.metrics;

import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;

import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * Time arithmetic of docs/metrics.md section 1. Windows are compared on microseconds since the
 * epoch, so a day is exactly 24h whatever the session or reporting time zone (no DST surprises).
 */
public final class TimeWindows {
  private TimeWindows() {}

  static final long DAY_MICROS = 86_400_000_000L;

  /** The local calendar date of a UTC instant in the reporting zone. */
  public static Column localDate(Column instant, ZoneId zone) {
    return to_date(from_utc_timestamp(instant, zone.getId()));
  }

  /** Microseconds from {@code t} to {@code time}: negative before t, positive after. */
  static Column offsetMicros(Column time, Column t) {
    return unix_micros(time).minus(unix_micros(t));
  }

  /** The length of {@code days} (a number of days, possibly a column) in microseconds. */
  static Column daysInMicros(Column days) {
    return days.cast("long").multiply(DAY_MICROS);
  }

  /** {@code time} lies in {@code [t - days*24h, t)}. */
  static Column inDaysBefore(Column time, Column t, int days) {
    Column offset = offsetMicros(time, t);
    return offset.lt(0).and(offset.geq(-days * DAY_MICROS));
  }
}
