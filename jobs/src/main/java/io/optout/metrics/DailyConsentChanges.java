package io.optout.metrics;

import static io.optout.schema.InputColumns.APP_ID;
import static io.optout.schema.InputColumns.EVENT_TIME;
import static io.optout.schema.InputColumns.PLATFORM;
import static io.optout.schema.InputColumns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.InputColumns.Consent;
import io.optout.schema.Tables.Daily;
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
                TimeWindows.localDate(col(EVENT_TIME), zone).as(Daily.DAY),
                col(APP_ID).as(Daily.APP_ID),
                col(Consent.CHANNEL).as(Daily.CHANNEL),
                coalesce(col(PLATFORM), lit(Daily.UNKNOWN_PLATFORM)).as(Daily.PLATFORM))
            .agg(
                count(when(isOptOut, true)).as(Daily.OPT_OUTS),
                count(when(isOptIn, true)).as(Daily.OPT_INS),
                countDistinct(when(isOptOut, col(USER_ID))).as(Daily.OPTED_OUT_USERS))
            .withColumn(Daily.NET_CHANGE, col(Daily.OPT_INS).minus(col(Daily.OPT_OUTS)));
    return Daily.SPEC.conform(daily);
  }
}
