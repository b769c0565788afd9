package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.metrics.Fixtures.event;
import static io.optout.metrics.Fixtures.push;
import static io.optout.metrics.Fixtures.pushes;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class OptOutCausesTest {
  /** Every opt-out of the test is at T; the window is T's UTC date. */
  private static final String T = "2024-04-10T12:00:00Z";

  private static final OptOutCauses.Settings DEFAULTS =
      new OptOutCauses.Settings(3, 7, 30, 60, List.of("delivered"));

  private static String at(String offset) {
    return Instant.parse(T).plus(java.time.Duration.parse(offset)).toString();
  }

  private static Dataset<Row> consentRows(SparkSession spark) {
    return consent(
        spark,
        row("u1", "push", "opt_out", T),
        row("u1", "push", "opt_in", at("PT168H")), // back exactly 7 days later
        row("u2", "push", "opt_out", T),
        row("u2", "push", "opt_in", at("PT168H1S")), // 1 s past 7 days
        row("u3", "push", "opt_out", T),
        row("u3", "push", "opt_in", at("PT2H")),
        row("u4", "email", "opt_out", at("-PT168H")), // exactly C = 7 days before: cascade
        row("u4", "push", "opt_out", T),
        row("u5", "push", "opt_out", T), // two channels at the same instant: neither cascades
        row("u5", "email", "opt_out", T),
        row("u6", "sms", "opt_out", at("-PT168H1S")), // 1 s too early to cascade
        row("u6", "email", "opt_out", T),
        row("u7", "email", "opt_out", T),
        row("u8", "email", "opt_out", at("-PT24H")), // two at one instant: the smaller name
        row("u8", "sms", "opt_out", at("-PT24H")),
        row("u8", "push", "opt_out", T),
        row("u9", "email", "opt_out", T));
  }

  private static Dataset<Row> pushRows(SparkSession spark) {
    return pushes(
        spark,
        push("a1", "u1", "m1", "c1", "failed", at("-PT72H")), // exactly F = 3 days before
        push("a1", "u2", "m1", "c1", "failed", at("-PT72H1S")), // 1 s too early
        push("a1", "u2", "m2", "c1", "delivered", at("-PT48H")),
        push("a1", "u3", "m1", "c1", "delivered", at("-PT1H")), // the latest instant holds both
        push("a1", "u3", "m2", "c1", "failed", at("-PT1H")),
        push("a1", "u4", "m1", "c1", "failed", at("-PT48H")), // not the latest: delivered after
        push("a1", "u4", "m2", "c1", "delivered", at("-PT24H")),
        push("a1", "u6", "m1", "c1", "delivered", at("-PT60M")), // exactly R = 60 min before
        push("a1", "u7", "m1", "c1", "delivered", at("-PT30M")), // but u7 is dormant first
        push("a1", "u9", "m1", "c1", "failed", at("-PT1H"))); // email opt-out: not token_invalid
  }

  private static Dataset<Row> eventRows(SparkSession spark) {
    return frame(
        spark,
        Fixtures.EVENTS,
        event("a1", "u1", "e1", "open", at("-PT24H")),
        event("a1", "u2", "e2", "open", at("-PT24H")),
        event("a1", "u3", "e3", "open", at("-PT24H")),
        event("a1", "u6", "e6", "open", at("-PT720H")), // exactly Z = 30 days before: active
        event("a1", "u7", "e7", "open", at("-PT720H1S")), // 1 s too early: dormant
        event("a1", "u7", "e8", "open", T), // at T itself: not before
        event("a1", "u9", "e9", "open", at("-PT2H")));
  }

  private static Dataset<Row> causes(SparkSession spark) {
    Dataset<Row> classified = ConsentChanges.classify(consentRows(spark), noPriorState(spark));
    LocalDays day =
        new LocalDays(LocalDate.parse("2024-04-10"), LocalDate.parse("2024-04-10"), UTC);
    Dataset<Row> optOuts = OptOuts.in(classified, day.start(), day.end(), UTC);
    return OptOutCauses.of(
        optOuts,
        classified,
        pushRows(spark),
        ActivityAroundOptOut.of(optOuts, eventRows(spark), List.of(30)),
        DEFAULTS);
  }

  private static final java.time.ZoneId UTC = java.time.ZoneOffset.UTC;

  @Test
  void theFirstRuleThatHoldsIsTheCauseEachAtItsBoundary(SparkSession spark) {
    assertRows(
        causes(spark)
            .select(
                col(Columns.USER_ID),
                col(Columns.CHANNEL),
                col(Columns.CAUSE),
                col(Columns.CASCADE_FROM),
                round(col(Columns.HOURS_TO_REOPT_IN), 6)),
        "[u1,push,token_invalid,null,168.0]",
        "[u2,push,other,null,168.000278]",
        "[u3,push,token_invalid,null,2.0]",
        "[u4,push,cascade,email,null]",
        "[u5,email,dormant,null,null]",
        "[u5,push,dormant,null,null]",
        "[u6,email,after_push,null,null]",
        "[u7,email,dormant,null,null]",
        "[u8,push,cascade,email,null]",
        "[u9,email,other,null,null]");
  }

  @Test
  void dailyCountsComeBackWithin7And30DaysAndTheMedianOfAnEvenCount(SparkSession spark) {
    Dataset<Row> daily = OptOutCauses.daily(causes(spark), LocalDate.parse("2024-05-11"));
    assertRows(
        daily.select(
            col(Columns.CHANNEL),
            col(Columns.CAUSE),
            col(Columns.OPT_OUTS),
            col(Columns.REOPTED_IN_7D),
            col(Columns.REOPTED_IN_30D),
            round(col(Columns.MEDIAN_HOURS_TO_REOPT_IN), 6),
            col(Columns.IS_FINAL)),
        // u1 back after 168 h (within 7 days, inclusive), u3 after 2 h: median (2 + 168) / 2
        "[push,token_invalid,2,2,2,85.0,true]",
        // u2 back 1 s past 7 days
        "[push,other,1,0,1,168.000278,true]",
        "[push,cascade,2,0,0,null,true]",
        "[push,dormant,1,0,0,null,true]",
        "[email,dormant,2,0,0,null,true]",
        "[email,after_push,1,0,0,null,true]",
        "[email,other,1,0,0,null,true]");
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues(SparkSession spark) {
    String t = "2024-04-10 12:00:00";
    Dataset<Row> causes =
        frame(
            spark,
            io.optout.schema.tables.CausesTable.SPEC.schema(),
            cause("u1", t, 1.0),
            cause("u2", t, 2.0),
            cause("u3", t, 10.0),
            cause("u4", t, 100.0),
            cause("u5", t, null)); // not back: not in the median
    // back after 1, 2, 10 and 100 hours: median (2 + 10) / 2 = 6 (the mean would be 28.25)
    assertRows(
        OptOutCauses.daily(causes, LocalDate.parse("2024-04-11"))
            .select(
                col(Columns.OPT_OUTS),
                col(Columns.REOPTED_IN_7D),
                col(Columns.MEDIAN_HOURS_TO_REOPT_IN)),
        "[5,4,6.0]");
  }

  private static Object[] cause(String user, String t, Double hours) {
    java.sql.Timestamp at = ts(T);
    java.sql.Timestamp back =
        hours == null ? null : new java.sql.Timestamp(at.getTime() + (long) (hours * 3_600_000));
    return new Object[] {
      "a1", user, "push", at, date("2024-04-10"), OptOutCauses.OTHER, null, back, hours
    };
  }

  @Test
  void aDayIsFinalOnce31DaysHavePassed(SparkSession spark) {
    Dataset<Row> daily = OptOutCauses.daily(causes(spark), LocalDate.parse("2024-05-10"));
    assertRows(daily.select(col(Columns.IS_FINAL)).distinct(), "[false]");
  }
}
