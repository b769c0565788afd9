package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.optout.schema.Columns;
import io.optout.schema.tables.ConsentStateTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Consent state per (app_id, user_id, channel) at an instant: the last row of the key's history
 * before it, and the user's latest non-null external_id and device_id, on top of a prior state.
 * Lets a nightly run start from a snapshot instead of re-reading the whole consent history.
 */
public final class ConsentStates {
  private static final String RANK = "_rank";
  private static final String NEW = "new_";

  private ConsentStates() {}

  /**
   * State after every row of {@code consent} strictly before {@code before} (all rows when empty).
   */
  public static Dataset<Row> asOf(
      Dataset<Row> prior, Dataset<Row> consent, Optional<Instant> before) {
    Dataset<Row> rows =
        before.map(b -> consent.where(col(EVENT_TIME).lt(lit(Timestamp.from(b))))).orElse(consent);

    Column[] newestFirst = descending(ConsentChanges.historyOrder());
    Dataset<Row> lastPerKey =
        rows.withColumn(
                RANK,
                row_number()
                    .over(Window.partitionBy(APP_ID, USER_ID, CHANNEL).orderBy(newestFirst)))
            .where(col(RANK).equalTo(1))
            .select(
                col(APP_ID),
                col(USER_ID),
                col(CHANNEL),
                col(STATUS).as(NEW + STATUS),
                col(EVENT_TIME).as(NEW + Columns.CHANGED_AT));
    Dataset<Row> identity =
        rows.groupBy(APP_ID, USER_ID)
            .agg(
                LatestNonNull.of(EXTERNAL_ID).as(NEW + EXTERNAL_ID),
                LatestNonNull.of(DEVICE_ID).as(NEW + DEVICE_ID));

    Dataset<Row> keys =
        prior
            .join(lastPerKey, new String[] {APP_ID, USER_ID, CHANNEL}, "full_outer")
            .select(
                col(APP_ID),
                col(USER_ID),
                col(CHANNEL),
                coalesce(col(NEW + STATUS), col(STATUS)).as(STATUS),
                coalesce(col(NEW + Columns.CHANGED_AT), col(Columns.CHANGED_AT))
                    .as(Columns.CHANGED_AT),
                col(EXTERNAL_ID),
                col(DEVICE_ID));
    Dataset<Row> priorIdentity =
        keys.groupBy(APP_ID, USER_ID)
            .agg(max(EXTERNAL_ID).as(EXTERNAL_ID), max(DEVICE_ID).as(DEVICE_ID));
    Dataset<Row> userIdentity =
        priorIdentity
            .join(identity, new String[] {APP_ID, USER_ID}, "left")
            .select(
                col(APP_ID),
                col(USER_ID),
                coalesce(col(NEW + EXTERNAL_ID), col(EXTERNAL_ID)).as(EXTERNAL_ID),
                coalesce(col(NEW + DEVICE_ID), col(DEVICE_ID)).as(DEVICE_ID));
    return ConsentStateTable.SPEC.conform(
        keys.drop(EXTERNAL_ID, DEVICE_ID)
            .join(userIdentity, new String[] {APP_ID, USER_ID}, "left"));
  }

  private static Column[] descending(Column[] order) {
    Column[] out = new Column[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = order[i].desc_nulls_last();
    }
    return out;
  }
}
