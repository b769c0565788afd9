package io.optout.pipeline;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.UserCohortsTable;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analysis table written by nightly runs, and how non-final rows are refreshed night after
 * night.
 */
@SparkTest
class NightlyAnalysesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-10T06:00:00Z"), ZoneOffset.UTC);

  private static Object[] optOut(String user, String time) {
    return new Object[] {"a1", user, null, null, "push", "opt_out", ts(time), "settings", "ios"};
  }

  private static Object[] push(String message, String campaign, String type, String time) {
    return new Object[] {"a1", "u1", message, campaign, type, ts(time), "ios"};
  }

  private static Object[] event(String user, String id, String name, String time) {
    return new Object[] {"a1", user, id, name, ts(time), "ios"};
  }

  @Test
  void nightlyRunsWriteEveryTableAndRefreshOnlyRowsThatAreNotFinal(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake =
        new LakeFixture(spark, dir)
            .append(
                Lake.CONSENT,
                optOut("u2", "2024-03-03T12:00:00Z"),
                optOut("u1", "2024-03-05T12:00:00Z"))
            .append(
                Lake.PUSH,
                push("m1", "c1", "delivered", "2024-03-04T12:00:00Z"),
                push("m1", "c1", "opened", "2024-03-04T13:00:00Z"),
                push("m2", "c2", "delivered", "2024-03-05T11:00:00Z"),
                push("m3", null, "delivered", "2024-03-05T11:30:00Z"))
            .append(
                Lake.CAMPAIGN,
                new Object[] {
                  "a1", "c1", "Spring sale", "broadcast", "push", null, ts("2024-01-01T00:00:00Z")
                },
                new Object[] {
                  "a1", "c2", "Old name", "automated", "push", null, ts("2024-01-01T00:00:00Z")
                },
                new Object[] {
                  "a1", "c2", "New name", "automated", "push", null, ts("2024-02-01T00:00:00Z")
                })
            .append(Lake.EVENT, event("u1", "e1", "app_open", "2024-03-05T10:00:00Z"));
    // lookbacks 1 and 3, no late days: R = 3
    OptoutConfig config =
        lake.config(
            Map.of("optout.cohort.lookback-days", "[1, 3]", "optout.late-arrival-days", "0"));
    PipelineJob job = new PipelineJob(spark, config, CLOCK);
    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());

    // Night 1, as of 03-06: dates 03-03..03-06.
    job.run(RunWindow.nightly(LocalDate.parse("2024-03-06"), config));

    assertRows(
        warehouse
            .read(FactsTable.SPEC)
            .select(
                "user_id",
                "opt_out_date",
                "pushes_received",
                "last_received_campaign_id",
                "last_interacted_campaign_id"),
        "[u1,2024-03-05,3,c2,c1]",
        "[u2,2024-03-03,0,null,null]");
    assertRows(
        warehouse.read(PushHistogramTable.SPEC),
        "[2024-03-03,a1,push,0,0,1]",
        "[2024-03-05,a1,push,3,3,1]");
    assertRows(
        warehouse
            .read(LastCampaignTable.SPEC)
            .where(col("opt_out_date").equalTo(date("2024-03-05"))),
        "[2024-03-05,a1,push,interacted,c1,Spring sale,broadcast,1]",
        "[2024-03-05,a1,push,received,c2,New name,automated,1]");
    assertRows(
        warehouse
            .read(UserCohortsTable.SPEC)
            .select("user_id", "lookback_days", "cohort", "is_final"),
        "[u1,1,churn,true]",
        "[u1,3,churn,false]",
        "[u2,1,churn,true]",
        "[u2,3,churn,true]");
    assertRows(
        warehouse.read(LastEventsTable.SPEC),
        "[2024-03-05,a1,push,1,churn,app_open,1,1,true]",
        "[2024-03-05,a1,push,3,churn,app_open,1,1,false]");
    assertRows(
        warehouse.read(CampaignReachTable.SPEC),
        "[2024-03-04,a1,c1,1,1,1,0,0]",
        "[2024-03-05,a1,c2,1,1,0,0,1]");

    // Late app events arrive: u1 at T + 25h (only the 3-day lookback sees it), u2 one hour after
    // its opt-out on 03-03, whose rows are final and outside the next window.
    lake.append(
        Lake.EVENT,
        event("u1", "e2", "purchase", "2024-03-06T13:00:00Z"),
        event("u2", "e3", "app_open", "2024-03-03T13:00:00Z"));

    // Night 2, as of 03-07: dates 03-04..03-07.
    job.run(RunWindow.nightly(LocalDate.parse("2024-03-07"), config));

    assertRows(
        warehouse
            .read(UserCohortsTable.SPEC)
            .select("user_id", "lookback_days", "cohort", "is_final"),
        "[u1,1,churn,true]",
        "[u1,3,retain,false]",
        "[u2,1,churn,true]",
        "[u2,3,churn,true]");
    assertRows(
        warehouse.read(CohortsTable.SPEC),
        "[2024-03-03,a1,push,1,churn,1,1,true]",
        "[2024-03-03,a1,push,3,churn,1,1,true]",
        "[2024-03-05,a1,push,1,churn,1,1,true]",
        "[2024-03-05,a1,push,3,retain,1,1,false]");
  }
}
