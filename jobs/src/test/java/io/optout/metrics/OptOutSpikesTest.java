package io.optout.metrics;

import static io.optout.metrics.Fixtures.campaign;
import static io.optout.metrics.Fixtures.campaigns;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.types.DataTypes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.schema.tables.SpikesTable;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class OptOutSpikesTest {
  private static final StructType FACTS =
      new StructType()
          .add(Columns.OPT_OUT_DATE, DateType)
          .add(Columns.APP_ID, StringType)
          .add(Columns.CHANNEL, StringType)
          .add(Columns.LAST_RECEIVED_CAMPAIGN_ID, StringType);
  private static final ZoneId UTC = ZoneId.of("UTC");

  /** {@code n} opt-outs of app a1 on push that day, each holding {@code campaign} (may be null). */
  private static void add(List<Object[]> rows, String day, int n, String campaign) {
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {date(day), "a1", "push", campaign});
    }
  }

  private static Dataset<Row> spikes(
      SparkSession spark, List<Object[]> facts, String from, String to, OptOutSpikes.Rule rule) {
    Dataset<Row> frame = frame(spark, FACTS, facts.toArray(Object[][]::new));
    LocalDays days = new LocalDays(LocalDate.parse(from), LocalDate.parse(to), UTC);
    return OptOutSpikes.of(frame, frame, campaigns(spark), days, rule);
  }

  @Test
  void daysWithoutOptOutsCountZeroAndWithMadZeroTheMinExcessDecides(SparkSession spark) {
    List<Object[]> facts = new ArrayList<>();
    add(facts, "2024-03-07", 2, null); // the only opt-outs of the 4 baseline days 03-06..03-09
    add(facts, "2024-03-10", 5, null);
    add(facts, "2024-03-11", 4, null);
    // 03-10: baseline days [0, 2, 0, 0]: median 0, MAD 0, threshold 0 + max(5, 0) = 5: 5 is a
    // spike.
    // 03-11: days [2, 0, 0, 5] -> sorted [0, 0, 2, 5]: median 1, |n - 1| sorted [1, 1, 1, 4]: MAD
    // 1,
    //        threshold 1 + max(5, 3 * 1.4826 * 1) = 6: 4 is no spike.
    Dataset<Row> spikes =
        spikes(spark, facts, "2024-03-10", "2024-03-11", new OptOutSpikes.Rule(4, 5, 3));
    assertEquals(SpikesTable.SPEC.columnNames(), List.of(spikes.columns()));
    assertRows(
        spikes,
        "[2024-03-10,a1,push,5,0.0,0.0,5.0,true,null,null,null]",
        "[2024-03-11,a1,push,4,1.0,1.0,6.0,false,null,null,null]");
  }

  @Test
  void evenBaselineTakesTheMeanOfTheTwoMiddleValuesAndTheMadCanDecide(SparkSession spark) {
    List<Object[]> facts = new ArrayList<>();
    add(facts, "2024-03-06", 1, null);
    add(facts, "2024-03-07", 3, null);
    add(facts, "2024-03-08", 6, null);
    add(facts, "2024-03-09", 2, null);
    add(facts, "2024-03-10", 7, null);
    // sorted [1, 2, 3, 6]: median 2.5; |n - 2.5| sorted [0.5, 0.5, 1.5, 3.5]: MAD 1.0;
    // threshold 2.5 + max(1, 3 * 1.4826 * 1.0) = 6.9478: 7 is a spike
    assertRows(
        spikes(spark, facts, "2024-03-10", "2024-03-10", new OptOutSpikes.Rule(4, 1, 3)),
        "[2024-03-10,a1,push,7,2.5,1.0,6.9478,true,null,null,null]");
  }

  @Test
  void rowsExistWhileAnOptOutIsInTheBaselineOrOnTheDay(SparkSession spark) {
    List<Object[]> facts = new ArrayList<>();
    add(facts, "2024-03-09", 1, null);
    // B = 2: 03-10 and 03-11 still see 03-09 in their baseline, 03-12 does not: no row
    assertRows(
        spikes(spark, facts, "2024-03-10", "2024-03-12", new OptOutSpikes.Rule(2, 5, 3)),
        "[2024-03-10,a1,push,0,0.5,0.5,5.5,false,null,null,null]",
        "[2024-03-11,a1,push,0,0.5,0.5,5.5,false,null,null,null]");
  }

  @Test
  void topCampaignIsHeldByMostOptOutsTiesToTheGreatestIdNamedByItsLatestVersion(
      SparkSession spark) {
    List<Object[]> facts = new ArrayList<>();
    add(facts, "2024-03-10", 2, "c1");
    add(facts, "2024-03-10", 2, "c2"); // tie with c1: c2 wins
    add(facts, "2024-03-10", 3, null); // more opt-outs without a campaign do not count
    add(facts, "2024-03-11", 1, "c9"); // not in the dimension: no name
    Dataset<Row> frame = frame(spark, FACTS, facts.toArray(Object[][]::new));
    Dataset<Row> dimension =
        campaigns(
            spark,
            campaign(
                "a1",
                "c1",
                "Spring sale",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z"),
            campaign(
                "a1",
                "c2",
                "Old name",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z"),
            campaign(
                "a1",
                "c2",
                "New name",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-02-01T00:00:00Z"),
            campaign(
                "b1",
                "c9",
                "Other app",
                "broadcast",
                "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z"));
    LocalDays days =
        new LocalDays(LocalDate.parse("2024-03-10"), LocalDate.parse("2024-03-11"), UTC);
    assertRows(
        OptOutSpikes.of(frame, frame, dimension, days, new OptOutSpikes.Rule(1, 5, 3))
            .select(
                "day", "opt_outs", "top_campaign_id", "top_campaign_name", "top_campaign_opt_outs"),
        "[2024-03-10,7,c2,New name,2]",
        "[2024-03-11,1,c9,null,1]");
  }
}
