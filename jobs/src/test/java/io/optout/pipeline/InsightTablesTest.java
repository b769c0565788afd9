package io.optout.pipeline;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.demo.DemoReport;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.testing.TwoAtATime;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The section 8 tables written by `run`: nightly runs from the consent checkpoint give a backfill's
 * rows.
 */
@SparkTest
class InsightTablesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-20T06:00:00Z"), ZoneOffset.UTC);
  private static final List<TableSpec> TABLES =
      List.of(
          BaseTable.SPEC,
          PushFatigueTable.SPEC,
          SpikesTable.SPEC,
          CampaignImpactTable.SPEC,
          CausesTable.SPEC,
          CauseDailyTable.SPEC,
          FrequencyCapTable.SPEC);

  private static Object[] consent(String user, String status, String time) {
    return new Object[] {"a1", user, null, null, "push", status, ts(time), "settings", "ios"};
  }

  private static Object[] delivered(String user, String message, String campaign, String time) {
    return new Object[] {"a1", user, message, campaign, "delivered", ts(time), "ios"};
  }

  /**
   * Ten users opted in on 02-01; opt-outs on 03-05 and 03-06 (only the baseline of the second night
   * sees them), a burst of five on 03-10 after campaign c-burst, re-opt-ins in between.
   */
  private static LakeFixture lake(SparkSession spark, Path dir) {
    List<Object[]> consent = new ArrayList<>();
    List<Object[]> push = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      consent.add(consent("u" + u, "opt_in", "2024-02-01T00:00:00Z"));
    }
    consent.add(consent("u0", "opt_out", "2024-03-05T10:00:00Z"));
    consent.add(consent("u0", "opt_in", "2024-03-07T10:00:00Z"));
    consent.add(consent("u1", "opt_out", "2024-03-06T10:00:00Z"));
    consent.add(consent("u1", "opt_in", "2024-03-08T10:00:00Z"));
    consent.add(consent("u9", "opt_out", "2024-03-09T10:00:00Z"));
    for (int u = 2; u < 7; u++) {
      push.add(delivered("u" + u, "m-burst-" + u, "c-burst", "2024-03-10T08:00:00Z"));
      consent.add(consent("u" + u, "opt_out", "2024-03-10T09:00:00Z"));
    }
    push.add(delivered("u7", "m-7", "c-other", "2024-03-08T08:00:00Z"));
    return new LakeFixture(spark, dir)
        .append(Lake.CONSENT, consent.toArray(Object[][]::new))
        .append(Lake.PUSH, push.toArray(Object[][]::new))
        .append(
            Lake.CAMPAIGN,
            new Object[] {
              "a1",
              "c-burst",
              "Flash deal #3",
              "broadcast",
              "push",
              null,
              ts("2024-01-01T00:00:00Z")
            })
        .ensureAllLakes();
  }

  private static List<String> rows(
      DeltaWarehouse warehouse, TableSpec table, String from, String to) {
    return rowsOf(
        warehouse.read(table).where(col(table.partitionColumn()).between(date(from), date(to))));
  }

  @Test
  void nightlyRunsAndABackfillOverTheSameDatesGiveIdenticalRows(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = lake(spark, dir);
    // R = 3, B = 3: night 03-10 covers 03-07..03-10 and checkpoints at 03-04; night 03-11 covers
    // 03-08..03-11, reads consent from that checkpoint and needs opt-outs from 03-05 on.
    Map<String, String> settings =
        Map.of(
            "optout.cohort.lookback-days",
            "[2]",
            "optout.late-arrival-days",
            "1",
            "optout.spikes.baseline-days",
            "3",
            "optout.spikes.min-excess",
            "2",
            // the frequency cap's period and the cascade window within B, so the checkpoint
            // stays B days back
            "optout.cap.period-days",
            "4",
            "optout.causes.cascade-days",
            "3");
    OptoutConfig nightly = lake.config(settings);
    PipelineJob job = new PipelineJob(spark, nightly, CLOCK);
    job.run(RunWindow.nightly(LocalDate.parse("2024-03-10"), nightly));
    RunRecord second = job.run(RunWindow.nightly(LocalDate.parse("2024-03-11"), nightly));
    assertEquals(
        10L,
        second.rowsRead().get("consent"),
        "the second night read consent from the checkpoint (dt >= 03-04) on");
    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());
    assertEquals(
        List.of("[2024-03-05 00:00:00.0]"),
        rowsOf(warehouse.read(ConsentCheckpointTable.SPEC).select("checkpoint_at").distinct()),
        "the checkpoint moves to B days before the second night's window");

    Map<String, String> backfillSettings = new java.util.HashMap<>(settings);
    backfillSettings.put("optout.warehouse", dir.resolve("backfill").toString());
    OptoutConfig backfill = lake.config(backfillSettings);
    new PipelineJob(spark, backfill, CLOCK)
        .run(
            RunWindow.range(
                LocalDate.parse("2024-03-01"),
                LocalDate.parse("2024-03-11"),
                LocalDate.parse("2024-03-11"),
                backfill.timezone()));
    DeltaWarehouse full = new DeltaWarehouse(spark, backfill.warehouse());
    // two tables at a time: each read is mostly one core's driver work
    TwoAtATime.forEach(
        TABLES,
        table ->
            assertEquals(
                rows(full, table, "2024-03-08", "2024-03-11"),
                rows(warehouse, table, "2024-03-08", "2024-03-11"),
                table.name()));

    // what the rows say: 03-08 baseline 03-05..03-07 = [1, 1, 0]; 03-10 five opt-outs after c-burst
    assertRows(
        warehouse.read(SpikesTable.SPEC).where(col("day").geq(date("2024-03-08"))),
        "[2024-03-08,a1,push,0,1.0,0.0,3.0,false,null,null,null]",
        "[2024-03-09,a1,push,1,0.0,0.0,2.0,false,null,null,null]",
        "[2024-03-10,a1,push,5,0.0,0.0,2.0,true,c-burst,Flash deal #3,5]",
        "[2024-03-11,a1,push,0,1.0,1.0,5.4478,false,null,null,null]");
    assertRows(
        warehouse.read(BaseTable.SPEC).where(col("day").geq(date("2024-03-08"))),
        "[2024-03-08,a1,push,9,1,0,1,0.0]",
        "[2024-03-09,a1,push,10,0,1,0,0.1]",
        "[2024-03-10,a1,push,9,1,5,0,0.5555555555555556]",
        "[2024-03-11,a1,push,4,6,0,0,0.0]");
    assertRows(
        warehouse.read(PushFatigueTable.SPEC).where(col("day").equalTo(date("2024-03-10"))),
        "[2024-03-10,a1,push,0,0,8,5,625.0]",
        "[2024-03-10,a1,push,1,1,1,0,0.0]");

    // the demo shows the curve and names the spike's campaign
    java.io.StringWriter text = new java.io.StringWriter();
    new DemoReport(warehouse, new java.io.PrintWriter(text), 7, java.util.List.of(2))
        .print(LocalDate.parse("2024-03-11"));
    String report = text.toString();
    assertTrue(report.contains("optout_push_fatigue"), report);
    assertTrue(report.matches("(?s).*\\n +0 +[0-9,]+ +[0-9,]+ +[0-9.]+ #+\\n.*"), report);
    assertTrue(report.contains("Flash deal #3"), report);
    // and why: c-burst has no other campaign that day to compare with, so nothing is flagged
    assertTrue(report.contains("no campaign flagged harmful"), report);
    assertTrue(report.contains("optout_cause_daily"), report);
    assertTrue(report.contains("optout_frequency_cap"), report);
  }
}
