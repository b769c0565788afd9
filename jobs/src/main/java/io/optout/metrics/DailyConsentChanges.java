package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.tables.DailyTable;
import io.optout.spark.ColumnRanges;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * optout_daily: opt-outs and opt-ins per local day, app, channel and platform (null platform counts
 * as {@code unknown}). Days and groups without any change have no row.
 */
public final class DailyConsentChanges {
  private DailyConsentChanges() {}

  public static Dataset<Row> of(Dataset<Row> classified, Instant from, Instant until, ZoneId zone) {
    Column isOptOut = col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_OUT_CHANGE);
    Column isOptIn = col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_IN_CHANGE);
    Dataset<Row> daily =
        classified
            .where(isOptOut.or(isOptIn))
            .where(ColumnRanges.instantsIn(col(EVENT_TIME), from, until))
            .groupBy(
                TimeWindows.localDate(col(EVENT_TIME), zone).as(Columns.DAY),
                col(APP_ID),
                col(Columns.CHANNEL),
                coalesce(col(PLATFORM), lit(DailyTable.UNKNOWN_PLATFORM)).as(PLATFORM))
            .agg(
                count(when(isOptOut, true)).as(Columns.OPT_OUTS),
                count(when(isOptIn, true)).as(Columns.OPT_INS),
                countDistinct(when(isOptOut, col(USER_ID))).as(Columns.OPTED_OUT_USERS))
            .withColumn(Columns.NET_CHANGE, col(Columns.OPT_INS).minus(col(Columns.OPT_OUTS)));
    return DailyTable.SPEC.conform(daily);
  }
}
