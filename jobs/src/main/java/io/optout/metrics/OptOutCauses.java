package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Channels;
import io.optout.schema.Columns;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * optout_causes and optout_cause_daily (docs/metrics.md section 9, docs/why.md): the likely cause
 * of each opt-out, read from the data around it, and whether and when the key opted in again. A
 * cause is a heuristic, not the user's stated reason: the rules are tried in a fixed order and the
 * first that holds wins, so an opt-out that fits several is counted once.
 */
public final class OptOutCauses {
  /** The causes, in the order their rules are tried. */
  public static final String TOKEN_INVALID = "token_invalid";

  public static final String CASCADE = "cascade";
  public static final String DORMANT = "dormant";
  public static final String AFTER_PUSH = "after_push";
  public static final String OTHER = "other";

  /** A day's cause counts are final this many days after it: its re-opt-ins within 30 days. */
  public static final int FINAL_AFTER_DAYS = 31;

  /** Every cause, in rule order. */
  public static final List<String> ALL =
      List.of(TOKEN_INVALID, CASCADE, DORMANT, AFTER_PUSH, OTHER);

  /** What the tables need of the configuration. */
  public record Settings(
      int failureDays,
      int cascadeDays,
      int dormantDays,
      int reactionMinutes,
      List<String> receivedEventTypes) {
    public Settings {
      receivedEventTypes = List.copyOf(receivedEventTypes);
    }
  }

  private static final String FAILED = "failed";
  private static final String LAST_PUSH = "_last_push";
  private static final String REACTED = "_reacted";
  private static final String ACTIVE = "_active";
  private static final String CASCADE_FIRST = "_cascade_first";
  private static final String OTHER_CHANNEL = "_other_channel";
  private static final String OTHER_TIME = "_other_time";
  private static final String NEGATIVE_MICROS = "negative_micros";
  private static final String IS_FAILED = "is_failed";
  private static final long MINUTE_MICROS = 60_000_000L;
  private static final double HOUR_MICROS = 3_600_000_000.0;

  /** hours_to_reopt_in: the hours from {@code from} to {@code to} (null when either is). */
  static Column hoursBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).divide(HOUR_MICROS);
  }

  private OptOutCauses() {}

  /**
   * optout_causes: one row per opt-out of {@code optOuts}.
   *
   * @param classified the consent rows classified as changes ({@link ConsentChanges#classify}): the
   *     opt-outs of the C days before the window and the opt-ins after it
   * @param push the push rows of the opted-out users, from F days before the window
   * @param activity the app events around each opt-out, at least Z days before it
   */
  public static Dataset<Row> of(
      Dataset<Row> optOuts,
      Dataset<Row> classified,
      Dataset<Row> push,
      ActivityAroundOptOut activity,
      Settings settings) {
    Column t = OptOutKey.time();
    Column cause =
        when(
                col(CHANNEL)
                    .equalTo(Channels.PUSH)
                    .and(col(LAST_PUSH).getField(IS_FAILED).equalTo(true)),
                lit(TOKEN_INVALID))
            .when(col(Columns.CASCADE_FROM).isNotNull(), lit(CASCADE))
            .when(col(ACTIVE).isNull(), lit(DORMANT))
            .when(col(REACTED).equalTo(true), lit(AFTER_PUSH))
            .otherwise(lit(OTHER));
    Column reopt = col(Columns.REOPT_IN_TIME);
    Dataset<Row> withCauses =
        OptOutKey.attach(
                OptOutKey.attach(optOuts, pushBefore(optOuts, push, settings)),
                activeBefore(activity, settings.dormantDays()))
            .join(cascadeFrom(optOuts, classified, settings.cascadeDays()), keyColumns(), "left")
            .join(reoptIn(optOuts, classified), keyColumns(), "left")
            .withColumn(Columns.CAUSE, cause)
            .withColumn(
                Columns.CASCADE_FROM,
                when(col(Columns.CAUSE).equalTo(CASCADE), col(Columns.CASCADE_FROM)))
            .withColumn(Columns.HOURS_TO_REOPT_IN, hoursBetween(t, reopt));
    return CausesTable.SPEC.conform(withCauses);
  }

  /**
   * optout_cause_daily from optout_causes rows: per (opt_out_date, app_id, channel, cause) the
   * opt-outs, how many came back within 7 and 30 days, and the median time to come back.
   */
  public static Dataset<Row> daily(Dataset<Row> causes, LocalDate asOf) {
    Column back =
        unix_micros(col(Columns.REOPT_IN_TIME)).minus(unix_micros(col(Columns.OPT_OUT_TIME)));
    Dataset<Row> counted =
        causes
            .groupBy(col(Columns.OPT_OUT_DATE), col(APP_ID), col(CHANNEL), col(Columns.CAUSE))
            .agg(
                count(lit(1)).as(Columns.OPT_OUTS),
                count(when(back.leq(7 * TimeWindows.DAY_MICROS), true)).as(Columns.REOPTED_IN_7D),
                count(when(back.leq(30 * TimeWindows.DAY_MICROS), true)).as(Columns.REOPTED_IN_30D),
                // Spark's median is exact: the mean of the two middle values for an even count
                median(col(Columns.HOURS_TO_REOPT_IN)).as(Columns.MEDIAN_HOURS_TO_REOPT_IN))
            .withColumn(
                Columns.IS_FINAL,
                date_add(col(Columns.OPT_OUT_DATE), FINAL_AFTER_DAYS).leq(lit(Date.valueOf(asOf))));
    return CauseDailyTable.SPEC.conform(counted);
  }

  /**
   * Per opt-out key: the latest push event of the F days before (struct of its time and whether one
   * of the events at that instant failed) and whether a received push came in the R minutes before.
   */
  private static Dataset<Row> pushBefore(
      Dataset<Row> optOuts, Dataset<Row> push, Settings settings) {
    Column t = OptOutKey.time();
    Column offset = TimeWindows.offsetMicros(col(EVENT_TIME), t);
    long failureMicros = settings.failureDays() * TimeWindows.DAY_MICROS;
    long reactionMicros = settings.reactionMinutes() * MINUTE_MICROS;
    Column inFailure = offset.geq(-failureMicros);
    Column reacted =
        offset
            .geq(-reactionMicros)
            .and(col(Columns.EVENT_TYPE).isin(settings.receivedEventTypes().toArray()));
    Dataset<Row> events =
        push.select(col(APP_ID), col(USER_ID), col(Columns.EVENT_TYPE), col(EVENT_TIME));
    // max of a struct compares field by field: the latest instant, and at that instant true
    // (some event failed) over false
    return OptOutKey.of(optOuts)
        .join(events, new String[] {APP_ID, USER_ID})
        .where(offset.lt(0).and(offset.geq(-Math.max(failureMicros, reactionMicros))))
        .groupBy(OptOutKey.columns())
        .agg(
            max(when(
                    inFailure,
                    struct(col(EVENT_TIME), col(Columns.EVENT_TYPE).equalTo(FAILED).as(IS_FAILED))))
                .as(LAST_PUSH),
            max(when(reacted, true)).as(REACTED));
  }

  /** The opt-out keys with an app event in {@code [T - Z*24h, T)}. */
  private static Dataset<Row> activeBefore(ActivityAroundOptOut activity, int dormantDays) {
    Column offset = col(ActivityAroundOptOut.OFFSET_MICROS);
    return activity
        .frame()
        .where(offset.lt(0).and(offset.geq(-dormantDays * TimeWindows.DAY_MICROS)))
        .select(OptOutKey.columns())
        .distinct()
        .withColumn(ACTIVE, lit(true));
  }

  /**
   * Per opt-out: the channel of the latest opt-out of the same user on another channel in {@code [T
   * - C*24h, T)}, ties to the smallest channel name; no row when there is none.
   */
  private static Dataset<Row> cascadeFrom(
      Dataset<Row> optOuts, Dataset<Row> classified, int cascadeDays) {
    Dataset<Row> others =
        classified
            .where(col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_OUT_CHANGE))
            .select(
                col(APP_ID),
                col(USER_ID),
                col(CHANNEL).as(OTHER_CHANNEL),
                col(EVENT_TIME).as(OTHER_TIME));
    Column t = OptOutKey.time();
    return optOuts
        .select(keyCols())
        .join(others, new String[] {APP_ID, USER_ID})
        .where(col(OTHER_CHANNEL).notEqual(col(CHANNEL)))
        .where(TimeWindows.inDaysBefore(col(OTHER_TIME), t, cascadeDays))
        .groupBy(keyCols())
        // min of (-instant, channel): the latest opt-out, then the smallest channel name
        .agg(
            min(struct(
                    unix_micros(col(OTHER_TIME)).multiply(-1).as(NEGATIVE_MICROS),
                    col(OTHER_CHANNEL)))
                .as(CASCADE_FIRST))
        .select(keyColumnsAnd(col(CASCADE_FIRST).getField(OTHER_CHANNEL).as(Columns.CASCADE_FROM)));
  }

  /** Per opt-out: the first opt-in of the same key after T; no row when there is none. */
  private static Dataset<Row> reoptIn(Dataset<Row> optOuts, Dataset<Row> classified) {
    Dataset<Row> optIns =
        classified
            .where(col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_IN_CHANGE))
            .select(col(APP_ID), col(USER_ID), col(CHANNEL), col(EVENT_TIME).as(OTHER_TIME));
    return optOuts
        .select(keyCols())
        .join(optIns, new String[] {APP_ID, USER_ID, CHANNEL})
        .where(col(OTHER_TIME).gt(OptOutKey.time()))
        .groupBy(keyCols())
        .agg(min(col(OTHER_TIME)).as(Columns.REOPT_IN_TIME));
  }

  /** An opt-out's identity: app_id, user_id, channel, opt_out_time. */
  private static String[] keyColumns() {
    return new String[] {APP_ID, USER_ID, CHANNEL, Columns.OPT_OUT_TIME};
  }

  private static Column[] keyCols() {
    return Arrays.stream(keyColumns()).map(c -> col(c)).toArray(Column[]::new);
  }

  private static Column[] keyColumnsAnd(Column more) {
    List<Column> columns = new ArrayList<>(Arrays.asList(keyCols()));
    columns.add(more);
    return columns.toArray(Column[]::new);
  }
}
