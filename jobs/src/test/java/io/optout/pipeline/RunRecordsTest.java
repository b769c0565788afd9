package io.optout.pipeline;

import static io.optout.testing.DataFrames.ts;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.optout.config.Lake;
import io.optout.schema.Tables;
import io.optout.schema.Tables.Runs;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.RunVersions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** optout_runs: a started row and a final row per run; the final row names each table's version. */
@SparkTest
class RunRecordsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-15T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void startedAndSucceededRowsAndTheVersionsEachTableWasCommittedAt(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake =
        new LakeFixture(spark, dir)
            .append(
                Lake.CONSENT,
                new Object[] {
                  "a1", "u1", null, null, "push", "opt_out", ts("2024-03-09T10:00:00Z"), null, null
                })
            .ensureAllLakes();
    RunWindow window =
        RunWindow.range(
            LocalDate.parse("2024-03-01"),
            LocalDate.parse("2024-03-10"),
            LocalDate.parse("2024-03-10"),
            ZoneOffset.UTC);
    RunRecord record = new PipelineJob(spark, lake.config(), CLOCK).run(window);

    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());
    List<Row> rows = warehouse.read(Runs.SPEC).orderBy(col(Runs.STATUS)).collectAsList();
    assertEquals(
        List.of(Runs.STARTED, Runs.SUCCEEDED),
        rows.stream().map(r -> r.<String>getAs(Runs.STATUS)).toList());
    assertEquals(
        List.of(record.runId(), record.runId()),
        rows.stream().map(r -> r.<String>getAs(Runs.RUN_ID)).toList());
    assertNull(rows.get(0).getAs(Runs.FINISHED_AT));
    assertEquals(
        rows.get(0).<java.sql.Timestamp>getAs(Runs.STARTED_AT), rows.get(1).getAs(Runs.STARTED_AT));

    Map<String, Long> versions = record.tableVersions();
    assertTrue(
        versions
            .keySet()
            .containsAll(List.of(Tables.Facts.NAME, Tables.ConsentState.NAME, Tables.Daily.NAME)),
        versions.toString());
    for (Map.Entry<String, Long> table : versions.entrySet()) {
      DeltaTable delta =
          DeltaTable.forPath(
              spark, Tables.byName(table.getKey()).orElseThrow().location(lake.warehouse()));
      Row last = delta.history(1).select("version", "userMetadata", "operation").first();
      assertEquals(table.getValue(), last.getLong(0), table.getKey());
      // an empty write to an empty table makes no commit: the table stays at its CREATE TABLE
      if (!"CREATE TABLE".equals(last.getString(2))) {
        assertEquals(
            record.runId(),
            last.getString(1),
            "commit of " + table.getKey() + " tagged with the run id");
      }
    }
    assertEquals(
        Map.copyOf(versions),
        RunVersions.latestSucceeded(spark, warehouse, List.of(Tables.Facts.NAME)).orElseThrow());
    assertEquals(
        versions,
        rows.get(1).<String, Long>getJavaMap(rows.get(1).fieldIndex(Runs.TABLE_VERSIONS)));
  }
}
