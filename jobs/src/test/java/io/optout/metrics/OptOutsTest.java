package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class OptOutsTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2024-03-11T00:00:00Z");

  private static Dataset<Row> optOuts(
      SparkSession spark, Dataset<Row> consent, Dataset<Row> prior, ZoneId zone) {
    return OptOuts.in(ConsentChanges.classify(consent, prior), FROM, UNTIL, zone)
        .select(Columns.USER_ID, Columns.CHANNEL, Columns.OPT_OUT_TIME, Columns.OPT_OUT_DATE)
        .orderBy(Columns.USER_ID, Columns.OPT_OUT_TIME);
  }

  @Test
  void repeatedOptOutWhileOptedOutIsNotAnOptOut(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            row("u1", "push", "opt_in", "2024-03-01T08:00:00Z"),
            row("u1", "push", "opt_out", "2024-03-02T08:00:00Z"),
            row("u1", "push", "opt_out", "2024-03-03T08:00:00Z"),
            row("u1", "push", "opt_out", "2024-03-04T08:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u1,push,2024-03-02 08:00:00.0,2024-03-02]");
  }

  @Test
  void optOutWithNoEarlierRowCounts(SparkSession spark) {
    Dataset<Row> consent = consent(spark, row("u2", "email", "opt_out", "2024-03-05T12:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u2,email,2024-03-05 12:00:00.0,2024-03-05]");
  }

  @Test
  void reOptInThenOptOutCountsTwice(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            row("u3", "sms", "opt_out", "2024-03-02T00:00:00Z"),
            row("u3", "sms", "opt_in", "2024-03-03T00:00:00Z"),
            row("u3", "sms", "opt_out", "2024-03-04T00:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u3,sms,2024-03-02 00:00:00.0,2024-03-02]",
        "[u3,sms,2024-03-04 00:00:00.0,2024-03-04]");
  }

  @Test
  void optInAndOptOutAtTheSameInstantOrderOptInFirst(SparkSession spark) {
    // Already opted out; at 10:00 an opt_out and an opt_in arrive together: opt_in first, then
    // the opt_out is a real opt-out again.
    Dataset<Row> consent =
        consent(
            spark,
            row("u4", "push", "opt_out", "2024-03-02T09:00:00Z"),
            row("u4", "push", "opt_out", "2024-03-02T10:00:00Z"),
            row("u4", "push", "opt_in", "2024-03-02T10:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u4,push,2024-03-02 09:00:00.0,2024-03-02]",
        "[u4,push,2024-03-02 10:00:00.0,2024-03-02]");
  }

  @Test
  void channelsAreSeparateHistories(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            row("u5", "push", "opt_out", "2024-03-02T00:00:00Z"),
            row("u5", "email", "opt_out", "2024-03-03T00:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u5,email,2024-03-03 00:00:00.0,2024-03-03]",
        "[u5,push,2024-03-02 00:00:00.0,2024-03-02]");
  }

  @Test
  void historyOlderThanTheWindowDecidesThePreviousState(SparkSession spark) {
    // u6 opted out in February (before the window): the March opt_out is a repeat.
    // u7 opted in in February: the March opt_out is an opt-out.
    Dataset<Row> consent =
        consent(
            spark,
            row("u6", "push", "opt_out", "2024-02-10T00:00:00Z"),
            row("u6", "push", "opt_out", "2024-03-02T00:00:00Z"),
            row("u7", "push", "opt_in", "2024-02-10T00:00:00Z"),
            row("u7", "push", "opt_out", "2024-03-02T00:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u7,push,2024-03-02 00:00:00.0,2024-03-02]");
  }

  @Test
  void priorSnapshotDecidesThePreviousStateWhenOldRowsAreNotRead(SparkSession spark) {
    // Same facts as above, but February is summarised by a snapshot instead of raw rows.
    Dataset<Row> prior =
        priorState(
            spark,
            new Object[] {"a1", "u6", "push", "opt_out", ts("2024-02-10T00:00:00Z"), null, null},
            new Object[] {"a1", "u7", "push", "opt_in", ts("2024-02-10T00:00:00Z"), null, null});
    Dataset<Row> consent =
        consent(
            spark,
            row("u6", "push", "opt_out", "2024-03-02T00:00:00Z"),
            row("u7", "push", "opt_out", "2024-03-02T00:00:00Z"));
    assertRows(optOuts(spark, consent, prior, UTC), "[u7,push,2024-03-02 00:00:00.0,2024-03-02]");
  }

  @Test
  void optOutsOutsideTheWindowAreLeftOut(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            row("u8", "push", "opt_out", "2024-02-29T23:59:59Z"),
            row("u9", "push", "opt_out", "2024-03-01T00:00:00Z"),
            row("u10", "push", "opt_out", "2024-03-11T00:00:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), UTC),
        "[u9,push,2024-03-01 00:00:00.0,2024-03-01]");
  }

  @Test
  void reportingZoneMovesTheOptOutToAnotherDate(SparkSession spark) {
    // 2024-03-05T02:30Z is still 2024-03-04 in New York (UTC-5).
    Dataset<Row> consent = consent(spark, row("u11", "push", "opt_out", "2024-03-05T02:30:00Z"));
    assertRows(
        optOuts(spark, consent, noPriorState(spark), ZoneId.of("America/New_York")),
        "[u11,push,2024-03-05 02:30:00.0,2024-03-04]");
  }

  @Test
  void identityComesFromTheRowElseTheLatestStrictlyEarlierRowOfTheUser(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            // earlier rows on another channel carry the ids; the newest non-null wins
            row(
                "a1",
                "u12",
                "ext-old",
                "dev-old",
                "email",
                "opt_in",
                "2024-03-01T01:00:00Z",
                null,
                null),
            row("a1", "u12", "ext-new", null, "sms", "opt_in", "2024-03-01T02:00:00Z", null, null),
            // same instant as the opt-out: not strictly earlier, ignored
            row(
                "a1",
                "u12",
                "ext-same-instant",
                "dev-same",
                "email",
                "opt_out",
                "2024-03-02T00:00:00Z",
                null,
                null),
            row(
                "a1",
                "u12",
                null,
                null,
                "push",
                "opt_out",
                "2024-03-02T00:00:00Z",
                "settings",
                "ios"),
            // own value wins
            row(
                "a1",
                "u13",
                "ext-13-old",
                null,
                "push",
                "opt_in",
                "2024-03-01T00:00:00Z",
                null,
                null),
            row(
                "a1",
                "u13",
                "ext-13-own",
                null,
                "push",
                "opt_out",
                "2024-03-03T00:00:00Z",
                null,
                null),
            // another app's ids never leak
            row(
                "a2",
                "u12",
                "ext-other-app",
                "dev-other-app",
                "push",
                "opt_in",
                "2024-03-01T03:00:00Z",
                null,
                null));
    Dataset<Row> facts =
        OptOuts.in(ConsentChanges.classify(consent, noPriorState(spark)), FROM, UNTIL, UTC)
            .where(col(Columns.APP_ID).equalTo("a1"))
            .select(
                Columns.USER_ID,
                Columns.CHANNEL,
                Columns.EXTERNAL_ID,
                Columns.DEVICE_ID,
                Columns.SOURCE,
                Columns.PLATFORM);
    assertRows(
        facts,
        "[u12,email,ext-same-instant,dev-same,null,null]",
        "[u12,push,ext-new,dev-old,settings,ios]",
        "[u13,push,ext-13-own,null,null,null]");
  }

  @Test
  void identityFallsBackToThePriorSnapshot(SparkSession spark) {
    Dataset<Row> prior =
        priorState(
            spark,
            new Object[] {
              "a1", "u14", "email", "opt_in", ts("2024-01-01T00:00:00Z"), "ext-14", "dev-14"
            });
    Dataset<Row> consent = consent(spark, row("u14", "push", "opt_out", "2024-03-02T00:00:00Z"));
    Dataset<Row> facts =
        OptOuts.in(ConsentChanges.classify(consent, prior), FROM, UNTIL, UTC)
            .select(Columns.USER_ID, Columns.EXTERNAL_ID, Columns.DEVICE_ID);
    assertRows(facts, "[u14,ext-14,dev-14]");
  }
}
