package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.ConsentStatus;
import io.optout.schema.tables.PushFatigueTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * optout_push_fatigue (docs/metrics.md section 8, docs/insights.md): the opt-out hazard by recent
 * push volume. Every key opted in at start(d) is at risk on d; its user's distinct received pushes
 * in {@code [start(d) - W*24h, start(d))} put it into a bucket; the bucket counts the keys at risk
 * and those of them with an opt-out on d.
 *
 * <p>Cost: this touches every opted-in key every day, so nothing is joined per key and day. The
 * received pushes, the at-risk intervals and the opt-out days are gathered per (app_id, user_id) in
 * one shuffle; per user, the push count of each day is computed once from the gathered pushes
 * ({@link FatigueKeyDays}, no join), shared by the user's channels; the key-days are then exploded
 * in place and aggregated with partial aggregation, so only the small (day, app, channel, bucket)
 * partial counts cross the network.
 */
public final class PushFatigue {
  /** What the table needs of the configuration. */
  public record Settings(int windowDays, int histogramCap, List<String> receivedEventTypes) {
    public Settings {
      receivedEventTypes = List.copyOf(receivedEventTypes);
    }
  }

  private static final String RISK = "_risk";
  private static final String OUT = "_out";
  private static final String PUSH = "_push";
  private static final String RISKS = "_risks";
  private static final String OUTS = "_outs";
  private static final String PUSHES = "_pushes";
  private static final String KEY_DAY = "_key_day";
  private static final String FIRST = "first";
  private static final String LAST = "last";
  private static final String DAY = "day";
  private static final String FROM = "from";
  private static final String TO = "to";

  private PushFatigue() {}

  /**
   * {@code states}: {@link KeyStatesAtMidnight} of the days; {@code optOuts}: the opt-outs ({@link
   * OptOuts#in}) of at least the days; {@code push}: validated push rows covering {@code [start - W
   * days, end)}.
   */
  public static Dataset<Row> of(
      Dataset<Row> states,
      Dataset<Row> optOuts,
      Dataset<Row> push,
      LocalDays days,
      Settings settings) {
    Dataset<Row> perUser =
        atRisk(states, days)
            .unionByName(optOutDays(optOuts, days), true)
            .unionByName(received(push, days, settings), true)
            .groupBy(UserGroups.columns())
            .agg(
                collect_list(col(RISK)).as(RISKS),
                collect_list(col(OUT)).as(OUTS),
                collect_list(col(PUSH)).as(PUSHES))
            .where(size(col(RISKS)).gt(0));
    Column keyDays =
        udf(new FatigueKeyDays(days.count(), settings.histogramCap()), FatigueKeyDays.returnType())
            .apply(col(RISKS), col(OUTS), col(PUSHES));
    Column capped = col(KEY_DAY + "." + FatigueKeyDays.CAPPED);
    Dataset<Row> curve =
        perUser
            .select(col(APP_ID), explode(keyDays).as(KEY_DAY))
            .groupBy(
                days.dateAt(col(KEY_DAY + "." + FatigueKeyDays.DAY)).as(Columns.DAY),
                col(APP_ID),
                col(KEY_DAY + "." + FatigueKeyDays.CHANNEL).as(Columns.CHANNEL),
                capped.as(Columns.PUSHES_RECEIVED),
                bucketLabel(capped, settings.histogramCap()).as(Columns.BUCKET))
            .agg(
                count(lit(1)).as(Columns.USERS_AT_RISK),
                count(when(col(KEY_DAY + "." + FatigueKeyDays.OPTED_OUT), true))
                    .as(Columns.OPT_OUTS))
            .withColumn(
                Columns.OPT_OUTS_PER_1000,
                lit(1000.0).multiply(col(Columns.OPT_OUTS)).divide(col(Columns.USERS_AT_RISK)));
    return PushFatigueTable.SPEC.conform(curve);
  }

  /** Labels as optout_push_histogram does: '0' .. 'cap-1', then 'cap+'. */
  static Column bucketLabel(Column capped, int cap) {
    return when(capped.geq(cap), lit(cap + "+")).otherwise(capped.cast("string"));
  }

  /** Per opted-in interval of a key: struct(channel, from, to) as day indices. */
  private static Dataset<Row> atRisk(Dataset<Row> states, LocalDays days) {
    return states
        .where(col(Columns.STATUS).equalTo(ConsentStatus.OPT_IN))
        .select(
            col(APP_ID),
            col(USER_ID),
            struct(
                    col(Columns.CHANNEL),
                    days.index(col(KeyStatesAtMidnight.FROM_DAY)).as(FROM),
                    days.index(col(KeyStatesAtMidnight.TO_DAY)).as(TO))
                .as(RISK));
  }

  /** Per opt-out of the days: struct(channel, day index). */
  private static Dataset<Row> optOutDays(Dataset<Row> optOuts, LocalDays days) {
    return optOuts
        .where(col(Columns.OPT_OUT_DATE).between(days.fromDate(), days.toDate()))
        .select(
            col(APP_ID),
            col(USER_ID),
            struct(col(Columns.CHANNEL), days.index(col(Columns.OPT_OUT_DATE)).as(DAY)).as(OUT));
  }

  /**
   * Per received push event: struct(first, last, message_id), the day indices whose window holds
   * it. An event at t is in {@code [start(d) - W*24h, start(d))} exactly when {@code date(t) < d <=
   * date(t + W*24h)}, local dates, which holds across DST changes too.
   */
  private static Dataset<Row> received(Dataset<Row> push, LocalDays days, Settings settings) {
    Instant from = days.start().minus(Duration.ofDays(settings.windowDays()));
    Instant until = days.start(days.to());
    Column t = col(EVENT_TIME);
    Column first = greatest(days.index(date_add(days.dateOf(t), 1)), lit(0));
    Column later =
        timestamp_micros(unix_micros(t).plus(TimeWindows.DAY_MICROS * settings.windowDays()));
    Column last = least(days.index(days.dateOf(later)), lit(days.count() - 1));
    return push.where(col(Columns.EVENT_TYPE).isin(settings.receivedEventTypes().toArray()))
        .where(t.geq(lit(Timestamp.from(from))).and(t.lt(lit(Timestamp.from(until)))))
        .select(
            col(APP_ID),
            col(USER_ID),
            struct(first.as(FIRST), last.as(LAST), col(Columns.MESSAGE_ID)).as(PUSH))
        .where(col(PUSH + "." + FIRST).leq(col(PUSH + "." + LAST)));
  }
}
