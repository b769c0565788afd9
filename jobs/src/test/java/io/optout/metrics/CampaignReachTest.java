package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.tables.CampaignReachTable;
import io.optout.testing.SparkTest;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class CampaignReachTest {
  private static final AttributionSettings DELIVERED =
      new AttributionSettings(7, List.of("delivered"));
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

  @Test
  void countsDistinctMessagesAndUsersPerCampaignAndDay(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-08T08:00:00Z"),
            push("a", "u1", "m1", "c1", "delivered", "2024-03-08T08:01:00Z"), // same message again
            push(
                "a",
                "u1",
                "m2",
                "c1",
                "delivered",
                "2024-03-08T09:00:00Z"), // same user, 2nd message
            push("a", "u2", "m3", "c1", "delivered", "2024-03-08T09:00:00Z"),
            push("a", "u2", "m3", "c1", "opened", "2024-03-08T09:05:00Z"),
            push("a", "u2", "m3", "c1", "clicked", "2024-03-08T09:06:00Z"),
            push("a", "u1", "m2", "c1", "opened", "2024-03-08T10:00:00Z"),
            push("a", "u3", "m4", "c1", "sent", "2024-03-08T09:00:00Z"), // sent, never delivered
            push("a", "u1", "m5", "c1", "delivered", "2024-03-09T08:00:00Z"), // next day
            push(
                "a",
                "u4",
                "m6",
                "c2",
                "opened",
                "2024-03-08T08:00:00Z"), // an open without delivery
            push(
                "a",
                "u5",
                "m7",
                null,
                "delivered",
                "2024-03-08T08:00:00Z")); // no campaign: not in table
    Dataset<Row> reach = CampaignReach.of(push, optOuts(spark), DELIVERED, UTC);
    assertEquals(CampaignReachTable.SPEC.columnNames(), List.of(reach.columns()));
    assertRows(
        reach,
        "[2024-03-08,a,c1,3,2,2,1,0]",
        "[2024-03-09,a,c1,1,1,0,0,0]",
        "[2024-03-08,a,c2,0,0,1,0,0]");
  }

  @Test
  void sentCountsAsDeliveredWhenConfiguredSo(SparkSession spark) {
    AttributionSettings sentToo = new AttributionSettings(7, List.of("delivered", "sent"));
    Dataset<Row> push = pushes(spark, push("a", "u3", "m4", "c1", "sent", "2024-03-08T09:00:00Z"));
    assertRows(CampaignReach.of(push, optOuts(spark), sentToo, UTC), "[2024-03-08,a,c1,1,1,0,0,0]");
  }

  @Test
  void optOutsAreAttributedToTheDayOfTheirLastReceivedPush(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-07T08:00:00Z"),
            push(
                "a",
                "u1",
                "m2",
                "c1",
                "delivered",
                "2024-03-08T08:00:00Z"), // u1's last received: c1 on 03-08
            push("a", "u2", "m3", "c1", "delivered", "2024-03-07T08:00:00Z"),
            push(
                "a",
                "u2",
                "m4",
                "c2",
                "delivered",
                "2024-03-08T07:00:00Z"), // u2's last received: c2
            push("a", "u3", "m5", "c1", "delivered", "2024-03-08T06:00:00Z"),
            push(
                "a",
                "u3",
                "m6",
                null,
                "delivered",
                "2024-03-08T09:00:00Z")); // newer, but never attributed
    Dataset<Row> optOuts =
        optOuts(
            spark,
            optOut("a", "u1", "push", "2024-03-08T12:00:00Z"),
            optOut("a", "u1", "email", "2024-03-08T12:00:00Z"), // a second opt-out, same touch
            optOut("a", "u2", "push", "2024-03-08T12:00:00Z"),
            optOut("a", "u3", "push", "2024-03-08T12:00:00Z"),
            optOut("a", "u4", "push", "2024-03-08T12:00:00Z")); // no pushes: attributed nowhere
    assertRows(
        CampaignReach.of(push, optOuts, DELIVERED, UTC),
        "[2024-03-07,a,c1,2,2,0,0,0]",
        "[2024-03-08,a,c1,2,2,0,0,3]",
        "[2024-03-08,a,c2,1,1,0,0,1]");
  }

  @Test
  void daysAreLocalDatesOfTheReportingZone(SparkSession spark) {
    // 2024-03-08T20:00Z is 2024-03-09 01:30 in Kolkata (UTC+5:30); 18:00Z is still 03-08 23:30.
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-08T18:00:00Z"),
            push("a", "u2", "m2", "c1", "delivered", "2024-03-08T20:00:00Z"));
    Dataset<Row> optOuts =
        optOuts(spark, optOut("a", "u2", "push", "2024-03-08T21:00:00Z", "2024-03-09"));
    assertRows(CampaignReach.of(push, optOuts, DELIVERED, UTC), "[2024-03-08,a,c1,2,2,0,0,1]");
    assertRows(
        CampaignReach.of(push, optOuts, DELIVERED, KOLKATA),
        "[2024-03-08,a,c1,1,1,0,0,0]",
        "[2024-03-09,a,c1,1,1,0,0,1]");
  }
}
