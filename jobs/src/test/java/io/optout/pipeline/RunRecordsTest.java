package io.optout.pipeline;

import static io.optout.testing.DataFrames.ts;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.Tables;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RunsTable;
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
    List<Row> rows = warehouse.read(RunsTable.SPEC).orderBy(col(Columns.STATUS)).collectAsList();
    assertEquals(
        List.of(RunsTable.STARTED, RunsTable.SUCCEEDED),
        rows.stream().map(r -> r.<String>getAs(Columns.STATUS)).toList());
    assertEquals(
        List.of(record.runId(), record.runId()),
        rows.stream().map(r -> r.<String>getAs(Columns.RUN_ID)).toList());
    assertNull(rows.get(0).getAs(Columns.FINISHED_AT));
    assertEquals(
        rows.get(0).<java.sql.Timestamp>getAs(Columns.STARTED_AT),
        rows.get(1).getAs(Columns.STARTED_AT));

    Map<String, Long> versions = record.tableVersions();
    assertTrue(
        versions
            .keySet()
            .containsAll(List.of(FactsTable.NAME, ConsentStateTable.NAME, DailyTable.NAME)),
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
        RunVersions.latestSucceeded(spark, warehouse, List.of(FactsTable.NAME)).orElseThrow());
    assertEquals(
        versions,
        rows.get(1).<String, Long>getJavaMap(rows.get(1).fieldIndex(Columns.TABLE_VERSIONS)));
  }
}
