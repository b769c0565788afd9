package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A user with no pushes and no app events, chained through every metric the way the pipeline wires
 * them: bucket 0, the "no campaign" rows, churn for every lookback, no last events.
 */
@SparkTest
class QuietUserTest {
  private static final PushSettings PUSH = new PushSettings(7, List.of("delivered"));
  private static final AttributionSettings ATTRIBUTION =
      new AttributionSettings(7, List.of("delivered"));
  private static final int HISTOGRAM_CAP = 10;
  private static final List<Integer> LOOKBACKS = List.of(1, 3, 7, 14, 30);

  @Test
  void quietUserLandsInBucketZeroNoCampaignAndChurn(SparkSession spark) {
    Dataset<Row> optOuts = optOuts(spark, optOut("a", "u1", "push", "2024-03-10T12:00:00Z"));
    Dataset<Row> push = pushes(spark);
    Dataset<Row> events = events(spark);
    Dataset<Row> facts =
        LastCampaign.withLastCampaigns(
            PushPressure.withPushesReceived(optOuts, push, PUSH), push, ATTRIBUTION);
    assertRows(
        facts, "[a,u1,push,2024-03-10 12:00:00.0,2024-03-10,ios,settings,null,null,0,null,null]");
    assertRows(PushPressure.histogram(facts, HISTOGRAM_CAP), "[2024-03-10,a,push,0,0,1]");
    assertRows(
        LastCampaign.summary(facts, campaigns(spark)),
        "[2024-03-10,a,push,received,null,null,null,1]",
        "[2024-03-10,a,push,interacted,null,null,null,1]");
    ActivityAroundOptOut activity = ActivityAroundOptOut.of(optOuts, events, LOOKBACKS);
    Dataset<Row> userCohorts = Cohorts.userCohorts(activity, LocalDate.parse("2024-03-20"));
    assertRows(
        Cohorts.summary(userCohorts),
        "[2024-03-10,a,push,1,churn,1,1,true]",
        "[2024-03-10,a,push,3,churn,1,1,true]",
        "[2024-03-10,a,push,7,churn,1,1,true]",
        "[2024-03-10,a,push,14,churn,1,1,false]",
        "[2024-03-10,a,push,30,churn,1,1,false]");
    assertEquals(List.of(), rowsOf(LastEvents.of(activity, userCohorts)));
    assertEquals(
        List.of(), rowsOf(CampaignReach.of(push, facts, ATTRIBUTION, java.time.ZoneOffset.UTC)));
  }
}
