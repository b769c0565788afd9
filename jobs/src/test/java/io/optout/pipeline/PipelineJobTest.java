package io.optout.pipeline;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run over a small lake: what it writes, and what reruns, failures and nightly runs do to it. One
 * run over March 1-10 is made once; a test that changes the lake or warehouse works on a copy.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineJobTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-15T06:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate MAR_1 = LocalDate.parse("2024-03-01");
  private static final LocalDate MAR_10 = LocalDate.parse("2024-03-10");

  private static Object[] consent(
      String user, String channel, String status, String time, String source, String platform) {
    return new Object[] {"a1", user, null, null, channel, status, ts(time), source, platform};
  }

  /**
   * A small lake: two opt-outs in March, repeats, an opt-in, an exact duplicate, one broken row.
   */
  private static LakeFixture lake(SparkSession spark, Path dir) {
    return new LakeFixture(spark, dir)
        .append(
            Lake.CONSENT,
            consent("u1", "push", "opt_in", "2024-02-01T00:00:00Z", null, null),
            consent("u1", "push", "opt_out", "2024-03-02T10:00:00Z", " Settings", "IOS "),
            consent("u1", "push", "opt_out", "2024-03-03T10:00:00Z", null, null),
            consent("u2", "email", "opt_out", "2024-03-05T23:30:00Z", null, null),
            consent("u2", "email", "opt_out", "2024-03-05T23:30:00Z", null, null),
            consent("u2", "email", "opt_in", "2024-03-06T08:00:00Z", null, null),
            consent("u3", "push", "opt_out", "2024-02-20T00:00:00Z", null, null),
            consent("u3", "push", "opt_out", "2024-03-04T00:00:00Z", null, null),
            consent("u4", "push", "maybe", "2024-03-04T00:00:00Z", null, null))
        .ensureAllLakes();
  }

  /** The small lake and the warehouse of one tolerant run over March 1-10. */
  private LakeFixture reference;

  private RunRecord referenceRun;

  @BeforeAll
  void oneRunOverTheSmallLake(SparkSession spark, @TempDir Path dir) {
    reference = lake(spark, dir);
    referenceRun = runRange(spark, tolerant(reference), MAR_1, MAR_10);
  }

  private static OptoutConfig tolerant(LakeFixture lake) {
    return lake.config(Map.of("optout.max-reject-ratio", "0.5"));
  }

  private static RunRecord runRange(
      SparkSession spark, OptoutConfig config, LocalDate from, LocalDate to) {
    return new PipelineJob(spark, config, CLOCK)
        .run(RunWindow.range(from, to, MAR_10, config.timezone()));
  }

  private static List<String> table(SparkSession spark, LakeFixture lake, TableSpec spec) {
    return rowsOf(new DeltaWarehouse(spark, lake.warehouse()).read(spec));
  }

  @Test
  void writesFactsAndDailyCountsForTheWindow(SparkSession spark) {
    RunRecord record = referenceRun;

    DeltaWarehouse warehouse = new DeltaWarehouse(spark, reference.warehouse());
    assertRows(
        warehouse
            .read(FactsTable.SPEC)
            .select("user_id", "channel", "opt_out_time", "opt_out_date", "platform", "source"),
        "[u1,push,2024-03-02 10:00:00.0,2024-03-02,ios,settings]",
        "[u2,email,2024-03-05 23:30:00.0,2024-03-05,null,null]");
    assertRows(
        warehouse.read(DailyTable.SPEC),
        "[2024-03-02,a1,push,ios,1,0,-1,1]",
        "[2024-03-05,a1,email,unknown,1,0,-1,1]",
        "[2024-03-06,a1,email,unknown,0,1,1,0]");
    assertRows(
        warehouse.read(RejectsTable.SPEC).select("lake", "input_dt", "rule"),
        "[consent,2024-03-04,status: not one of opt_in, opt_out]");
    assertRows(
        warehouse.read(ConsentStateTable.SPEC).select("user_id", "channel", "status"),
        "[u1,push,opt_out]",
        "[u2,email,opt_in]",
        "[u3,push,opt_out]");

    // read = used + rejected + exact duplicates
    assertEquals(9L, record.rowsRead().get("consent"));
    assertEquals(7L, record.rowsUsed().get("consent"));
    assertEquals(1L, record.rowsRejected().get("consent"));
    assertEquals(1L, record.rowsDuplicate().get("consent"));
    assertEquals(2L, record.rowsWritten().get(FactsTable.NAME));
    assertRows(
        warehouse
            .read(RunsTable.SPEC)
            .select("job", "status", "window_from", "window_to", "as_of", "error"),
        "[run-range,started,2024-03-01,2024-03-10,2024-03-10,null]",
        "[run-range,succeeded,2024-03-01,2024-03-10,2024-03-10,null]");
  }

  @Test
  void runningTwiceGivesIdenticalTables(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = reference.copyTo(dir);
    runRange(spark, tolerant(lake), MAR_1, MAR_10);
    assertEquals(derivedTables(spark, reference), derivedTables(spark, lake));
  }

  private static List<List<String>> derivedTables(SparkSession spark, LakeFixture lake) {
    return List.of(
        table(spark, lake, FactsTable.SPEC),
        table(spark, lake, DailyTable.SPEC),
        table(spark, lake, ConsentStateTable.SPEC));
  }

  @Test
  void partitionsOutsideTheWindowAreUntouched(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = reference.copyTo(dir);
    // New late input on March 2 and March 7; only March 7 is rerun.
    lake.append(
        Lake.CONSENT,
        consent("u5", "sms", "opt_out", "2024-03-02T12:00:00Z", null, null),
        consent("u6", "sms", "opt_out", "2024-03-07T12:00:00Z", null, null));
    runRange(spark, tolerant(lake), LocalDate.parse("2024-03-07"), LocalDate.parse("2024-03-07"));

    assertRows(
        new DeltaWarehouse(spark, lake.warehouse())
            .read(FactsTable.SPEC)
            .select("user_id", "opt_out_date"),
        "[u1,2024-03-02]",
        "[u2,2024-03-05]",
        "[u6,2024-03-07]");
  }

  @Test
  void failedRunLeavesEveryTableAsItWasAndIsRecorded(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = reference.copyTo(dir);
    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());
    List<String> factsBefore = table(spark, lake, FactsTable.SPEC);
    long factsVersion = warehouse.version(FactsTable.SPEC).orElseThrow();
    lake.append(Lake.CONSENT, consent("u7", "push", "opt_out", "2024-03-08T00:00:00Z", null, null));

    // default max-reject-ratio 0.01: 1 broken row of 10 fails the run before any write
    RunFailure failure =
        assertThrows(RunFailure.class, () -> runRange(spark, lake.config(), MAR_1, MAR_10));
    assertTrue(failure.getMessage().contains("lake consent"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("status: not one of opt_in, opt_out"), failure.getMessage());
    assertTrue(failure.getMessage().contains("\"user_id\":\"u4\""), failure.getMessage());

    assertEquals(factsBefore, table(spark, lake, FactsTable.SPEC));
    assertEquals(factsVersion, warehouse.version(FactsTable.SPEC).orElseThrow());
    List<Row> runs =
        warehouse
            .read(RunsTable.SPEC)
            .where(col("status").notEqual("started"))
            .orderBy(col("started_at"), col("status").desc())
            .collectAsList();
    assertEquals(2, runs.size());
    assertEquals("failed", runs.get(1).getAs("status"));
    assertTrue(((String) runs.get(1).getAs("error")).contains("lake consent"));
  }

  @Test
  void writeFailureMidwayRestoresTablesAlreadyWritten(SparkSession spark, @TempDir Path dir)
      throws Exception {
    LakeFixture lake = reference.copyTo(dir);
    List<String> factsBefore = table(spark, lake, FactsTable.SPEC);
    List<String> consentStateBefore = table(spark, lake, ConsentStateTable.SPEC);
    lake.append(Lake.CONSENT, consent("u7", "push", "opt_out", "2024-03-08T00:00:00Z", null, null));
    // optout_consent_state then optout_facts are written before optout_daily: make daily
    // unwritable by replacing it with a plain file
    Path daily = Path.of(lake.warehouse(), DailyTable.NAME);
    FileUtils.deleteDirectory(daily.toFile());
    java.nio.file.Files.writeString(daily, "not a table");

    assertThrows(RunFailure.class, () -> runRange(spark, tolerant(lake), MAR_1, MAR_10));
    assertEquals(factsBefore, table(spark, lake, FactsTable.SPEC));
    assertEquals(
        consentStateBefore, table(spark, lake, ConsentStateTable.SPEC), "u7's opt-out rolled back");
  }

  @Test
  void missingRequiredColumnNamesLakePathAndColumn(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = lake(spark, dir);
    Path broken = dir.resolve("broken-push");
    spark
        .range(1)
        .selectExpr(
            "'a1' as app_id",
            "'m1' as message_id",
            "'delivered' as event_type",
            "timestamp'2024-03-01 00:00:00' as event_time",
            "'2024-03-01' as dt")
        .write()
        .partitionBy("dt")
        .parquet(broken.toString());
    OptoutConfig config =
        lake.config(
            Map.of("optout.lakes.push.path", broken.toString(), "optout.max-reject-ratio", "0.5"));
    RunFailure failure =
        assertThrows(RunFailure.class, () -> runRange(spark, config, MAR_1, MAR_10));
    // the file check names the lake, the file under the lake's path and the column
    String message = failure.getMessage();
    assertTrue(message.contains("lake push: file file:" + broken + "/dt=2024-03-01/"), message);
    assertTrue(message.contains(": required column 'user_id' is missing"), message);
  }

  @Test
  void nightlyRunsFromACheckpointMatchAFullHistoryRun(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = lake(spark, dir);
    Map<String, String> settings =
        Map.of(
            "optout.max-reject-ratio",
            "0.5",
            "optout.cohort.lookback-days",
            "[2]",
            "optout.late-arrival-days",
            "1",
            "optout.spikes.baseline-days",
            "1",
            // the frequency cap's period and the cascade window within B: the checkpoint stays
            // B days back
            "optout.cap.period-days",
            "2",
            "optout.causes.cascade-days",
            "1");
    OptoutConfig config = lake.config(settings);
    // R = 3, B = 1: the run of 03-06 covers 03-03..03-06 and checkpoints B days earlier, at
    // 03-02T00:00Z;
    // the run of 03-07 covers 03-04..03-07, reads consent from the checkpoint on and moves it to
    // 03-03.
    PipelineJob job = new PipelineJob(spark, config, CLOCK);
    job.run(RunWindow.nightly(LocalDate.parse("2024-03-06"), config));
    lake.append(
        Lake.CONSENT,
        consent("u3", "push", "opt_in", "2024-03-06T12:00:00Z", null, null),
        consent("u3", "push", "opt_out", "2024-03-07T12:00:00Z", null, null));
    job.run(RunWindow.nightly(LocalDate.parse("2024-03-07"), config));

    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());
    assertRows(
        warehouse.read(FactsTable.SPEC).select("user_id", "opt_out_date"),
        "[u2,2024-03-05]",
        "[u3,2024-03-07]");
    assertRows(
        warehouse
            .read(ConsentCheckpointTable.SPEC)
            .select("user_id", "channel", "status", "checkpoint_at"),
        "[u1,push,opt_out,2024-03-03 00:00:00.0]",
        "[u3,push,opt_out,2024-03-03 00:00:00.0]");

    // the same dates computed from the whole history, into a fresh warehouse
    OptoutConfig fresh =
        lake.config(
            Map.of(
                "optout.max-reject-ratio",
                "0.5",
                "optout.warehouse",
                dir.resolve("fresh").toString()));
    new PipelineJob(spark, fresh, CLOCK)
        .run(
            RunWindow.range(
                LocalDate.parse("2024-03-04"),
                LocalDate.parse("2024-03-07"),
                LocalDate.parse("2024-03-07"),
                fresh.timezone()));
    DeltaWarehouse full = new DeltaWarehouse(spark, fresh.warehouse());
    assertEquals(rowsOf(full.read(FactsTable.SPEC)), rowsOf(warehouse.read(FactsTable.SPEC)));
    assertEquals(
        rowsOf(full.read(ConsentStateTable.SPEC)), rowsOf(warehouse.read(ConsentStateTable.SPEC)));
  }
}
