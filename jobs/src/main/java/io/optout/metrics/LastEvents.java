package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import io.optout.schema.Columns;
import io.optout.schema.tables.LastEventsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Last events (docs/metrics.md section 4): what users did in the x days before opting out, {@code
 * [T - x days, T)}, per event name, next to the opt-out's cohort for the same x.
 */
public final class LastEvents {
  private LastEvents() {}

  /**
   * {@code optout_last_events}: per (opt_out_date, app_id, channel, lookback_days, cohort,
   * event_name), total_events counted per opt-out and distinct users.
   *
   * @param activity the events around the opt-outs (the same object the cohorts came from)
   * @param userCohorts {@link Cohorts#userCohorts(ActivityAroundOptOut, java.time.LocalDate)}
   */
  public static Dataset<Row> of(ActivityAroundOptOut activity, Dataset<Row> userCohorts) {
    Column offset = col(ActivityAroundOptOut.OFFSET_MICROS);
    Column lookback = col(Columns.LOOKBACK_DAYS);
    // One row per (event before T, lookback whose window holds it): no re-join per lookback.
    Dataset<Row> before =
        activity
            .frame()
            .where(offset.lt(0))
            .withColumn(Columns.LOOKBACK_DAYS, explode(activity.lookbackArray()))
            .where(offset.geq(TimeWindows.daysInMicros(lookback).multiply(-1)));
    // Joining on the key (not the channel) gives each opt-out at that instant its own copy.
    String[] optOutAndLookback = {
      Columns.APP_ID, Columns.USER_ID, Columns.OPT_OUT_TIME, Columns.LOOKBACK_DAYS
    };
    Dataset<Row> counted =
        before
            .join(userCohorts, optOutAndLookback)
            .groupBy(Cohorts.grain(Columns.EVENT_NAME))
            .agg(
                count(lit(1)).as(Columns.TOTAL_EVENTS),
                countDistinct(col(Columns.USER_ID)).as(Columns.UNIQUE_USERS));
    return LastEventsTable.SPEC.conform(counted);
  }
}
