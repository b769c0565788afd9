package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.testing.SparkTest;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class LastCampaignTest {
  private static final AttributionSettings DEFAULTS =
      new AttributionSettings(7, List.of("delivered"));
  private static final String T = "2024-03-08T12:00:00Z";

  private static List<String> lastCampaigns(Dataset<Row> optOuts, Dataset<Row> push) {
    return rowsOf(
        LastCampaign.withLastCampaigns(optOuts, push, DEFAULTS)
            .select(
                col(Columns.USER_ID),
                col(Columns.CHANNEL),
                col(Columns.LAST_RECEIVED_CAMPAIGN_ID),
                col(Columns.LAST_INTERACTED_CAMPAIGN_ID)));
  }

  @Test
  void noTouchInTheWindowGivesNullCampaigns(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c-at-t", "delivered", T), // at T: out
            push(
                "a",
                "u1",
                "m2",
                "c-early",
                "opened",
                "2024-03-01T11:59:59Z")); // before T - 7d: out
    assertEquals(
        List.of("[u1,push,null,null]", "[u2,sms,null,null]"),
        lastCampaigns(
            optOuts(spark, optOut("a", "u1", "push", T), optOut("a", "u2", "sms", T)), push));
  }

  @Test
  void touchExactlyAtWindowStartCounts(SparkSession spark) {
    Dataset<Row> push =
        pushes(spark, push("a", "u1", "m1", "c-start", "clicked", shift(T, Duration.ofDays(-7))));
    assertEquals(
        List.of("[u1,push,null,c-start]"),
        lastCampaigns(optOuts(spark, optOut("a", "u1", "push", T)), push));
  }

  @Test
  void greatestTimeWinsAndTouchesAtTheSameInstantGoToTheGreatestCampaign(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push(
                "a",
                "u1",
                "m1",
                "c9",
                "delivered",
                "2024-03-05T00:00:00Z"), // older, though greater id
            push("a", "u1", "m2", "c1", "delivered", "2024-03-06T00:00:00Z"),
            push(
                "a",
                "u1",
                "m3",
                "c2",
                "delivered",
                "2024-03-06T00:00:00Z"), // same instant: c2 > c1
            push("a", "u2", "m4", "c5", "delivered", "2024-03-06T00:00:00Z"),
            push(
                "a",
                "u2",
                "m5",
                "c4",
                "delivered",
                "2024-03-07T00:00:00Z")); // newest wins over greater id
    assertEquals(
        List.of("[u1,push,c2,null]", "[u2,push,c4,null]"),
        lastCampaigns(
            optOuts(spark, optOut("a", "u1", "push", T), optOut("a", "u2", "push", T)), push));
  }

  @Test
  void receivedAndInteractedUseTheirOwnEventTypes(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c-open", "opened", "2024-03-05T00:00:00Z"),
            push("a", "u1", "m2", "c-click", "clicked", "2024-03-06T00:00:00Z"),
            push("a", "u1", "m3", "c-deliv", "delivered", "2024-03-07T00:00:00Z"),
            push("a", "u1", "m4", "c-sent", "sent", "2024-03-08T00:00:00Z"), // neither touch
            push(
                "a",
                "u1",
                "m5",
                "c-dismiss",
                "dismissed",
                "2024-03-08T01:00:00Z")); // neither touch
    assertEquals(
        List.of("[u1,push,c-deliv,c-click]"),
        lastCampaigns(optOuts(spark, optOut("a", "u1", "push", T)), push));
  }

  @Test
  void pushWithoutCampaignIsNeverAttributed(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-06T00:00:00Z"),
            push(
                "a",
                "u1",
                "m2",
                null,
                "delivered",
                "2024-03-07T00:00:00Z"), // newer, but no campaign
            push("a", "u2", "m3", null, "opened", "2024-03-07T00:00:00Z"));
    assertEquals(
        List.of("[u1,push,c1,null]", "[u2,push,null,null]"),
        lastCampaigns(
            optOuts(spark, optOut("a", "u1", "push", T), optOut("a", "u2", "push", T)), push));
  }

  @Test
  void otherAppsPushesDoNotTouch(SparkSession spark) {
    Dataset<Row> push =
        pushes(spark, push("b", "u1", "m1", "c1", "delivered", "2024-03-06T00:00:00Z"));
    assertEquals(
        List.of("[u1,push,null,null]"),
        lastCampaigns(optOuts(spark, optOut("a", "u1", "push", T)), push));
  }

  private static final StructType FACTS =
      new StructType()
          .add(Columns.OPT_OUT_DATE, DateType)
          .add(Columns.APP_ID, StringType)
          .add(Columns.CHANNEL, StringType)
          .add(Columns.LAST_RECEIVED_CAMPAIGN_ID, StringType)
          .add(Columns.LAST_INTERACTED_CAMPAIGN_ID, StringType);

  private static Object[] fact(String app, String channel, String received, String interacted) {
    return new Object[] {date("2024-03-08"), app, channel, received, interacted};
  }

  @Test
  void summaryNamesCampaignsFromTheLatestVersionAndKeepsANoCampaignRow(SparkSession spark) {
    Dataset<Row> facts =
        frame(
            spark,
            FACTS,
            fact("a", "push", "c1", "c1"),
            fact("a", "push", "c1", null),
            fact("a", "push", "c-missing", null), // not in the campaign dimension
            fact("a", "push", null, null), // no pushes at all
            fact("a", "email", "c1", "c1"));
    Dataset<Row> campaigns =
        campaigns(
            spark,
            campaign(
                "a",
                "c1",
                "Spring v1",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z"),
            campaign(
                "a",
                "c1",
                "Spring v3",
                "automated",
                "2024-01-01T00:00:00Z",
                "2024-03-01T00:00:00Z"),
            campaign(
                "a",
                "c1",
                "Spring v2",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-02-01T00:00:00Z"),
            campaign(
                "b",
                "c-missing",
                "Other app",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z"));
    Dataset<Row> summary = LastCampaign.summary(facts, campaigns);
    assertEquals(LastCampaignTable.SPEC.columnNames(), List.of(summary.columns()));
    assertRows(
        summary,
        "[2024-03-08,a,push,received,c1,Spring v3,automated,2]",
        "[2024-03-08,a,push,received,c-missing,null,null,1]",
        "[2024-03-08,a,push,received,null,null,null,1]",
        "[2024-03-08,a,push,interacted,c1,Spring v3,automated,1]",
        "[2024-03-08,a,push,interacted,null,null,null,3]",
        "[2024-03-08,a,email,received,c1,Spring v3,automated,1]",
        "[2024-03-08,a,email,interacted,c1,Spring v3,automated,1]");
  }

  @Test
  void versionsUpdatedAtTheSameInstantAreBrokenByCreatedAtThenNonNullName(SparkSession spark) {
    Dataset<Row> campaigns =
        campaigns(
            spark,
            campaign(
                "a",
                "c1",
                "older creation",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-03-01T00:00:00Z"),
            campaign(
                "a",
                "c1",
                "newer creation",
                "broadcast",
                "2024-01-02T00:00:00Z",
                "2024-03-01T00:00:00Z"),
            campaign("a", "c2", null, "broadcast", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"),
            campaign(
                "a", "c2", "named", "broadcast", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"));
    assertRows(
        CampaignVersions.latest(campaigns).select(col("campaign_id"), col("name")),
        "[c1,newer creation]",
        "[c2,named]");
  }
}
