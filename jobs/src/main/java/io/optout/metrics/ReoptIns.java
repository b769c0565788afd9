package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import io.optout.schema.Columns;
import io.optout.schema.tables.CausesTable;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The re-opt-in time of optout_causes rows older than a nightly run's window, brought up to date
 * with consent input that changed since (docs/nightly.md). Only the re-opt-in time of an older
 * opt-out can change: everything else about it depends on input before it, and changed consent
 * input starting at {@code since} lies after it.
 *
 * <p>A stored row whose re-opt-in lies before {@code since} keeps it: the history up to there is
 * unchanged. Any other row of a key with changed consent input, or whose re-opt-in lies in the
 * changed input, takes the first opt-in after its opt-out in the history as it stands; that first
 * opt-in is at or after {@code since}, where the run's classified consent rows cover the history.
 */
public final class ReoptIns {
  private ReoptIns() {}

  private static final String NEW_TIME = "_new_reopt_in_time";

  /**
   * The rows of {@code stored} (optout_causes rows) whose re-opt-in changes, with the new one.
   *
   * @param classified consent changes (ConsentChanges) covering every instant from {@code since}
   * @param changedKeys (app_id, user_id, channel) of the keys with consent input that changed
   */
  public static Dataset<Row> changed(
      Dataset<Row> stored, Dataset<Row> classified, Dataset<Row> changedKeys, Instant since) {
    Column reopt = col(Columns.REOPT_IN_TIME);
    Dataset<Row> candidates =
        stored
            .join(
                changedKeys.select(APP_ID, USER_ID, CHANNEL).distinct().withColumn("_key", lit(1)),
                new String[] {APP_ID, USER_ID, CHANNEL},
                "left")
            .where(
                reopt
                    .isNull()
                    .and(col("_key").isNotNull())
                    .or(reopt.geq(lit(Timestamp.from(since)))))
            .drop("_key");
    Dataset<Row> optIns =
        classified
            .where(col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_IN_CHANGE))
            .select(col(APP_ID), col(USER_ID), col(CHANNEL), col(EVENT_TIME).as(NEW_TIME));
    Dataset<Row> firstOptIn =
        candidates
            .select(APP_ID, USER_ID, CHANNEL, Columns.OPT_OUT_TIME)
            .join(optIns, new String[] {APP_ID, USER_ID, CHANNEL})
            .where(col(NEW_TIME).gt(col(Columns.OPT_OUT_TIME)))
            .groupBy(APP_ID, USER_ID, CHANNEL, Columns.OPT_OUT_TIME)
            .agg(min(col(NEW_TIME)).as(NEW_TIME));
    Dataset<Row> updated =
        candidates
            .join(firstOptIn, new String[] {APP_ID, USER_ID, CHANNEL, Columns.OPT_OUT_TIME}, "left")
            .where(not(reopt.eqNullSafe(col(NEW_TIME))))
            .withColumn(Columns.REOPT_IN_TIME, col(NEW_TIME))
            .withColumn(
                Columns.HOURS_TO_REOPT_IN,
                OptOutCauses.hoursBetween(col(Columns.OPT_OUT_TIME), col(NEW_TIME)));
    return CausesTable.SPEC.conform(updated);
  }

  /** The rows of {@code stored} with those of {@code changed} (same opt-outs) replaced. */
  public static Dataset<Row> merged(Dataset<Row> stored, Dataset<Row> changed) {
    String[] key = {APP_ID, USER_ID, CHANNEL, Columns.OPT_OUT_TIME};
    return CausesTable.SPEC
        .conform(stored.join(changed.select(key[0], key[1], key[2], key[3]), key, "left_anti"))
        .unionByName(CausesTable.SPEC.conform(changed));
  }
}
