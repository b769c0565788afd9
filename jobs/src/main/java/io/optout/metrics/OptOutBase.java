package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.ConsentStatus;
import io.optout.schema.tables.BaseTable;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * optout_base (docs/metrics.md section 8, docs/insights.md): per local day, app and channel, the
 * keys opted in and opted out at local midnight, the day's opt-outs and opt-ins, and the opt-out
 * rate against the keys opted in.
 *
 * <p>The midnight counts come from the key state intervals without a row per key and day: each
 * interval adds 1 on its first day and removes it the day after its last, and a running sum over
 * the (small) calendar of app, channel and day gives the count of every day.
 */
public final class OptOutBase {
  private static final String IN = "_in";
  private static final String OUT = "_out";

  private OptOutBase() {}

  /**
   * {@code states}: {@link KeyStatesAtMidnight} of the days; {@code classified}: {@link
   * ConsentChanges#classify} output covering at least the days. Rows only where a count is
   * non-zero.
   */
  public static Dataset<Row> of(Dataset<Row> states, Dataset<Row> classified, LocalDays days) {
    Dataset<Row> changes = changesPerDay(classified, days);
    Dataset<Row> steps = stateSteps(states, days);
    Dataset<Row> groups =
        steps
            .select(APP_ID, Columns.CHANNEL)
            .union(changes.select(APP_ID, Columns.CHANNEL))
            .distinct();
    Dataset<Row> calendar =
        groups.select(col(APP_ID), col(Columns.CHANNEL), explode(days.every()).as(Columns.DAY));
    var upToDay =
        Window.partitionBy(APP_ID, Columns.CHANNEL)
            .orderBy(Columns.DAY)
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> base =
        calendar
            .join(steps, new String[] {Columns.DAY, APP_ID, Columns.CHANNEL}, "left")
            .join(changes, new String[] {Columns.DAY, APP_ID, Columns.CHANNEL}, "left")
            .select(
                col(Columns.DAY),
                col(APP_ID),
                col(Columns.CHANNEL),
                sum(coalesce(col(IN), lit(0L))).over(upToDay).as(Columns.OPTED_IN_START),
                sum(coalesce(col(OUT), lit(0L))).over(upToDay).as(Columns.OPTED_OUT_START),
                coalesce(col(Columns.OPT_OUTS), lit(0L)).as(Columns.OPT_OUTS),
                coalesce(col(Columns.OPT_INS), lit(0L)).as(Columns.OPT_INS))
            .where(
                col(Columns.OPTED_IN_START)
                    .notEqual(0)
                    .or(col(Columns.OPTED_OUT_START).notEqual(0))
                    .or(col(Columns.OPT_OUTS).notEqual(0))
                    .or(col(Columns.OPT_INS).notEqual(0)))
            .withColumn(
                Columns.OPT_OUT_RATE,
                when(
                    col(Columns.OPTED_IN_START).gt(0),
                    col(Columns.OPT_OUTS).cast("double").divide(col(Columns.OPTED_IN_START))));
    return BaseTable.SPEC.conform(base);
  }

  /** Opt-outs and opt-ins (docs/metrics.md section 3) per local day, app and channel. */
  private static Dataset<Row> changesPerDay(Dataset<Row> classified, LocalDays days) {
    Column isOptOut = col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_OUT_CHANGE);
    Column isOptIn = col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_IN_CHANGE);
    return classified
        .where(isOptOut.or(isOptIn))
        .where(
            col(EVENT_TIME)
                .geq(lit(Timestamp.from(days.start())))
                .and(col(EVENT_TIME).lt(lit(Timestamp.from(days.end())))))
        .groupBy(days.dateOf(col(EVENT_TIME)).as(Columns.DAY), col(APP_ID), col(Columns.CHANNEL))
        .agg(
            count(when(isOptOut, true)).as(Columns.OPT_OUTS),
            count(when(isOptIn, true)).as(Columns.OPT_INS));
  }

  /** Per day, app and channel: keys entering (+1) and leaving (-1) each state at that midnight. */
  private static Dataset<Row> stateSteps(Dataset<Row> states, LocalDays days) {
    Column isIn = col(Columns.STATUS).equalTo(ConsentStatus.OPT_IN);
    Column isOut = col(Columns.STATUS).equalTo(ConsentStatus.OPT_OUT);
    Dataset<Row> enter =
        states.select(
            col(KeyStatesAtMidnight.FROM_DAY).as(Columns.DAY),
            col(APP_ID),
            col(Columns.CHANNEL),
            when(isIn, 1L).otherwise(0L).as(IN),
            when(isOut, 1L).otherwise(0L).as(OUT));
    Dataset<Row> leave =
        states
            .where(col(KeyStatesAtMidnight.TO_DAY).lt(days.toDate()))
            .select(
                date_add(col(KeyStatesAtMidnight.TO_DAY), 1).as(Columns.DAY),
                col(APP_ID),
                col(Columns.CHANNEL),
                when(isIn, -1L).otherwise(0L).as(IN),
                when(isOut, -1L).otherwise(0L).as(OUT));
    return enter
        .unionByName(leave)
        .groupBy(Columns.DAY, APP_ID, Columns.CHANNEL)
        .agg(sum(IN).as(IN), sum(OUT).as(OUT));
  }
}
