package io.optout.metrics;

import static org.apache.spark.sql.functions.*;

import java.time.ZoneId;
import org.apache.spark.sql.Column;

/** Local calendar dates of UTC instants in the reporting time zone (SPEC section 1). */
public final class LocalDates {
  private LocalDates() {}

  public static Column localDate(Column instant, ZoneId zone) {
    return to_date(from_utc_timestamp(instant, zone.getId()));
  }
}
