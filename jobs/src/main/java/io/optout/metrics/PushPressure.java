package io.optout.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.tables.PushHistogramTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Push pressure (docs/metrics.md section 4): how many distinct pushes a user received in the days
 * before opting out, for every opt-out whatever its channel, and the histogram of it.
 */
public final class PushPressure {
  private PushPressure() {}

  /**
   * The opt-outs with {@code pushes_received} (int, uncapped) appended: distinct message_id with an
   * event of a received type ({@code optout.push.received-event-types}) for the same app_id and
   * user_id in {@code [T - W days, T)}, W = {@code optout.push.window-days}; 0 when none.
   */
  public static Dataset<Row> withPushesReceived(
      Dataset<Row> optOuts, Dataset<Row> push, PushSettings settings) {
    Dataset<Row> perKey =
        PushesBeforeOptOut.of(
                OptOutKey.of(optOuts), push, settings.windowDays(), settings.receivedEventTypes())
            .groupBy(OptOutKey.columns())
            .agg(countDistinct(col(Columns.MESSAGE_ID)).cast("int").as(Columns.PUSHES_RECEIVED));
    return OptOutKey.attach(optOuts, perKey)
        .withColumn(Columns.PUSHES_RECEIVED, coalesce(col(Columns.PUSHES_RECEIVED), lit(0)));
  }

  /**
   * {@code optout_push_histogram} from facts carrying {@code pushes_received}: opt-outs per
   * (opt_out_date, app_id, channel, bucket), buckets {@code 0 .. cap-1} and {@code cap+}. Only
   * buckets with at least one opt-out get a row.
   */
  public static Dataset<Row> histogram(Dataset<Row> facts, int cap) {
    Column capped = least(col(Columns.PUSHES_RECEIVED), lit(cap));
    Column bucket = when(capped.geq(cap), lit(cap + "+")).otherwise(capped.cast("string"));
    Dataset<Row> counted =
        facts
            .groupBy(
                col(Columns.OPT_OUT_DATE),
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                capped.as(Columns.PUSHES_RECEIVED),
                bucket.as(Columns.BUCKET))
            .agg(count(lit(1)).as(Columns.OPT_OUTS));
    return PushHistogramTable.SPEC.conform(counted);
  }
}
