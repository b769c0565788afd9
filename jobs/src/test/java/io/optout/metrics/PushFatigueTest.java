package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.metrics.Fixtures.push;
import static io.optout.metrics.Fixtures.pushes;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.tables.PushFatigueTable;
import io.optout.testing.SparkTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class PushFatigueTest {
  /**
   * Berlin moves to summer time on 2024-03-31: start(04-02) = 2024-04-01T22:00Z, and 7 x 24h before
   * it is 2024-03-25T22:00Z, 23:00 local time on 03-25 (not a midnight).
   */
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static final LocalDays APR_1_TO_2 =
      new LocalDays(LocalDate.parse("2024-04-01"), LocalDate.parse("2024-04-02"), BERLIN);
  private static final PushFatigue.Settings DEFAULTS =
      new PushFatigue.Settings(7, 10, List.of("delivered"));

  private static Dataset<Row> fatigue(
      Dataset<Row> consent, Dataset<Row> push, LocalDays days, PushFatigue.Settings settings) {
    SparkSession spark = consent.sparkSession();
    Dataset<Row> classified = ConsentChanges.classify(consent, noPriorState(spark));
    Dataset<Row> states = KeyStatesAtMidnight.of(noPriorState(spark), consent, days);
    return PushFatigue.of(
        states,
        OptOuts.in(classified, days.start(), days.end(), days.zone()),
        push,
        days,
        settings);
  }

  private static Dataset<Row> consentOfTheCurve(SparkSession spark) {
    return consent(
        spark,
        row("uA", "push", "opt_in", "2024-03-01T00:00:00Z"), // opted in long before the window
        row("uA", "push", "opt_out", "2024-04-02T10:00:00Z"), // at risk on 04-02 and opts out
        row("uB", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row("uC", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row(
            "uD",
            "push",
            "opt_in",
            "2024-03-01T00:00:00Z"), // two channels: two keys, one push count
        row("uD", "email", "opt_in", "2024-03-01T00:00:00Z"),
        row("uE", "push", "opt_out", "2024-04-01T09:00:00Z"), // no state: an opt-out, never at risk
        row(
            "uF",
            "push",
            "opt_in",
            "2024-04-01T08:00:00Z"), // in and out on 04-01: not at risk that day
        row("uF", "push", "opt_out", "2024-04-01T20:00:00Z"),
        row("uG", "push", "opt_out", "2024-03-01T00:00:00Z")); // opted out: not at risk
  }

  private static Dataset<Row> pushesOfTheCurve(SparkSession spark) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        push(
            "a1",
            "uA",
            "m0",
            "c1",
            "delivered",
            "2024-03-25T21:59:59.999999Z")); // 1 µs too early for 04-02; in for 04-01
    rows.add(
        push(
            "a1",
            "uA",
            "m1",
            "c1",
            "delivered",
            "2024-03-25T22:00:00Z")); // exactly start(04-02) - 7 days: counts
    rows.add(
        push(
            "a1",
            "uB",
            "m2",
            "c1",
            "delivered",
            "2024-04-01T22:00:00Z")); // exactly start(04-02): does not count
    rows.add(
        push(
            "a1",
            "uB",
            "m3",
            "c1",
            "delivered",
            "2024-04-01T21:59:59.999999Z")); // counts for 04-02 only
    rows.add(
        push(
            "a1",
            "uB",
            "m3",
            "c1",
            "opened",
            "2024-04-01T21:59:59.999999Z")); // not a received type
    for (int i = 0; i < 11; i++) {
      rows.add(
          push(
              "a1",
              "uC",
              "mc" + i,
              "c2",
              "delivered",
              Instant.parse("2024-03-30T10:00:00Z").plus(Duration.ofMinutes(i)).toString()));
    }
    rows.add(push("a1", "uD", "md", null, "delivered", "2024-03-30T10:00:00Z"));
    rows.add(
        push(
            "a1",
            "uD",
            "md",
            null,
            "delivered",
            "2024-03-30T11:00:00Z")); // the same message again: once
    rows.add(push("a1", "uE", "me", "c1", "delivered", "2024-03-30T10:00:00Z"));
    rows.add(push("a1", "uF", "mf", "c1", "delivered", "2024-03-30T10:00:00Z"));
    return pushes(spark, rows);
  }

  @Test
  void hazardCurveCountsKeysAtRiskByTheirUsersPushesInTheDaysBeforeMidnight(SparkSession spark) {
    Dataset<Row> curve =
        fatigue(consentOfTheCurve(spark), pushesOfTheCurve(spark), APR_1_TO_2, DEFAULTS);
    assertEquals(PushFatigueTable.SPEC.columnNames(), List.of(curve.columns()));
    // 04-01: uA m0+m1 = 2, uB 0, uC 11 -> 10+, uD 1 on push and on email.
    // 04-02: uA m1 = 1 (opts out), uB m3 = 1, uD 1: bucket 1 has 3 keys and 1 opt-out; uC 10+.
    assertRows(
        curve,
        "[2024-04-01,a1,push,0,0,1,0,0.0]",
        "[2024-04-01,a1,push,1,1,1,0,0.0]",
        "[2024-04-01,a1,push,2,2,1,0,0.0]",
        "[2024-04-01,a1,push,10,10+,1,0,0.0]",
        "[2024-04-01,a1,email,1,1,1,0,0.0]",
        "[2024-04-02,a1,push,1,1,3,1,333.3333333333333]",
        "[2024-04-02,a1,push,10,10+,1,0,0.0]",
        "[2024-04-02,a1,email,1,1,1,0,0.0]");
  }

  @Test
  void keysAtRiskAddUpToTheOptedInBase(SparkSession spark) {
    Dataset<Row> consent = consentOfTheCurve(spark);
    Dataset<Row> curve = fatigue(consent, pushesOfTheCurve(spark), APR_1_TO_2, DEFAULTS);
    Dataset<Row> base =
        OptOutBase.of(
            KeyStatesAtMidnight.of(noPriorState(spark), consent, APR_1_TO_2),
            ConsentChanges.classify(consent, noPriorState(spark)),
            APR_1_TO_2);
    assertEquals(
        rowsOf(base.where(col("opted_in_start").gt(0)).select("day", "channel", "opted_in_start")),
        rowsOf(curve.groupBy("day", "channel").agg(sum("users_at_risk").as("at_risk"))));
  }

  @Test
  void capWindowAndReceivedTypesFollowTheSettings(SparkSession spark) {
    Dataset<Row> consent = consent(spark, row("u1", "push", "opt_in", "2024-03-01T00:00:00Z"));
    Dataset<Row> push =
        pushes(
            spark,
            push("a1", "u1", "m1", "c1", "sent", "2024-03-09T12:00:00Z"),
            push("a1", "u1", "m2", "c1", "sent", "2024-03-09T13:00:00Z"),
            push("a1", "u1", "m3", "c1", "sent", "2024-03-09T14:00:00Z"),
            push(
                "a1",
                "u1",
                "m4",
                "c1",
                "sent",
                "2024-03-08T23:59:59Z")); // more than 1 day before start(03-10)
    LocalDays mar10 =
        new LocalDays(
            LocalDate.parse("2024-03-10"), LocalDate.parse("2024-03-10"), ZoneId.of("UTC"));
    assertRows(
        fatigue(consent, push, mar10, new PushFatigue.Settings(1, 2, List.of("sent", "delivered"))),
        "[2024-03-10,a1,push,2,2+,1,0,0.0]");
  }
}
