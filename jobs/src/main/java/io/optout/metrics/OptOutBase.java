package io.optout.metrics;

import static io.optout.schema.InputColumns.APP_ID;
import static io.optout.schema.InputColumns.EVENT_TIME;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.InputColumns.Consent;
import io.optout.schema.Tables.Base;
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
            .select(Base.APP_ID, Base.CHANNEL)
            .union(changes.select(Base.APP_ID, Base.CHANNEL))
            .distinct();
    Dataset<Row> calendar =
        groups.select(col(Base.APP_ID), col(Base.CHANNEL), explode(days.every()).as(Base.DAY));
    var upToDay =
        Window.partitionBy(Base.APP_ID, Base.CHANNEL)
            .orderBy(Base.DAY)
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> base =
        calendar
            .join(steps, new String[] {Base.DAY, Base.APP_ID, Base.CHANNEL}, "left")
            .join(changes, new String[] {Base.DAY, Base.APP_ID, Base.CHANNEL}, "left")
            .select(
                col(Base.DAY),
                col(Base.APP_ID),
                col(Base.CHANNEL),
                sum(coalesce(col(IN), lit(0L))).over(upToDay).as(Base.OPTED_IN_START),
                sum(coalesce(col(OUT), lit(0L))).over(upToDay).as(Base.OPTED_OUT_START),
                coalesce(col(Base.OPT_OUTS), lit(0L)).as(Base.OPT_OUTS),
                coalesce(col(Base.OPT_INS), lit(0L)).as(Base.OPT_INS))
            .where(
                col(Base.OPTED_IN_START)
                    .notEqual(0)
                    .or(col(Base.OPTED_OUT_START).notEqual(0))
                    .or(col(Base.OPT_OUTS).notEqual(0))
                    .or(col(Base.OPT_INS).notEqual(0)))
            .withColumn(
                Base.OPT_OUT_RATE,
                when(
                    col(Base.OPTED_IN_START).gt(0),
                    col(Base.OPT_OUTS).cast("double").divide(col(Base.OPTED_IN_START))));
    return Base.SPEC.conform(base);
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
        .groupBy(
            days.dateOf(col(EVENT_TIME)).as(Base.DAY),
            col(APP_ID).as(Base.APP_ID),
            col(Consent.CHANNEL).as(Base.CHANNEL))
        .agg(
            count(when(isOptOut, true)).as(Base.OPT_OUTS),
            count(when(isOptIn, true)).as(Base.OPT_INS));
  }

  /** Per day, app and channel: keys entering (+1) and leaving (-1) each state at that midnight. */
  private static Dataset<Row> stateSteps(Dataset<Row> states, LocalDays days) {
    Column isIn = col(Consent.STATUS).equalTo(Consent.OPT_IN);
    Column isOut = col(Consent.STATUS).equalTo(Consent.OPT_OUT);
    Dataset<Row> enter =
        states.select(
            col(KeyStatesAtMidnight.FROM_DAY).as(Base.DAY),
            col(APP_ID).as(Base.APP_ID),
            col(Consent.CHANNEL).as(Base.CHANNEL),
            when(isIn, 1L).otherwise(0L).as(IN),
            when(isOut, 1L).otherwise(0L).as(OUT));
    Dataset<Row> leave =
        states
            .where(col(KeyStatesAtMidnight.TO_DAY).lt(days.toDate()))
            .select(
                date_add(col(KeyStatesAtMidnight.TO_DAY), 1).as(Base.DAY),
                col(APP_ID).as(Base.APP_ID),
                col(Consent.CHANNEL).as(Base.CHANNEL),
                when(isIn, -1L).otherwise(0L).as(IN),
                when(isOut, -1L).otherwise(0L).as(OUT));
    return enter
        .unionByName(leave)
        .groupBy(Base.DAY, Base.APP_ID, Base.CHANNEL)
        .agg(sum(IN).as(IN), sum(OUT).as(OUT));
  }
}
