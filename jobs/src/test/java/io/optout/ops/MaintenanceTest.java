package io.optout.ops;

import static io.optout.testing.DataFrames.rowsOf;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.cli.Main;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.OutputTables;
import io.optout.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class MaintenanceTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");

  /** Three runs appending to one partition: three small files where one would do. */
  private static String threeSmallWrites(SparkSession spark, String warehouse, TableSpec spec) {
    String path = spec.location(warehouse);
    OutputTables.create(spark, spec, warehouse);
    for (int run = 0; run < 3; run++) {
      spec.conform(OutputTables.sampleRows(spark, spec, 2, DAY))
          .coalesce(1)
          .write()
          .format("delta")
          .mode("append")
          .save(path);
    }
    return path;
  }

  @Test
  void retentionBelowSevenDaysIsRefusedWithTheReasonUnlessForced() {
    OptoutException refused =
        assertThrows(OptoutException.class, () -> Maintenance.checkRetention(167, false));
    assertEquals(OptoutException.USAGE, refused.exitCode());
    assertTrue(refused.getMessage().contains("export --table-version"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
    assertDoesNotThrow(() -> Maintenance.checkRetention(168, false));
    assertDoesNotThrow(() -> Maintenance.checkRetention(0, true));
    assertThrows(OptoutException.class, () -> Maintenance.checkRetention(-1, true));
  }

  @Test
  void refusedRetentionTouchesNoTable(SparkSession spark, @TempDir Path dir) {
    String warehouse = dir.toString();
    String path = threeSmallWrites(spark, warehouse, DailyTable.SPEC);
    long version = DeltaTable.forPath(spark, path).history(1).first().getLong(0);

    assertThrows(
        OptoutException.class,
        () -> new Maintenance(spark).run(warehouse, Tables.all(), 24, false));

    assertEquals(
        version,
        DeltaTable.forPath(spark, path).history(1).first().getLong(0),
        "no OPTIMIZE commit");
  }

  @Test
  void compactsZOrdersUserGrainTablesAndVacuumsWhenForced(SparkSession spark, @TempDir Path dir) {
    String warehouse = dir.toString();
    String facts = threeSmallWrites(spark, warehouse, FactsTable.SPEC);
    String daily = threeSmallWrites(spark, warehouse, DailyTable.SPEC);
    List<String> factRows = rowsOf(spark.read().format("delta").load(facts));
    List<String> dailyRows = rowsOf(spark.read().format("delta").load(daily));

    List<Maintenance.Result> results = new Maintenance(spark).run(warehouse, Tables.all(), 0, true);

    // only the two tables written; in Tables.all() order
    assertEquals(
        List.of(
            new Maintenance.Result(FactsTable.NAME, "ZORDER BY (app_id)", 3, 1, 4, 1),
            new Maintenance.Result(DailyTable.NAME, "compaction", 3, 1, 4, 1)),
        results);
    assertEquals(
        factRows, rowsOf(spark.read().format("delta").load(facts)), "same rows after OPTIMIZE");
    assertEquals(dailyRows, rowsOf(spark.read().format("delta").load(daily)));
    assertEquals(
        "true",
        spark.conf().get(Maintenance.RETENTION_CHECK, "true"),
        "safety check restored after the forced VACUUM");
  }

  @Test
  void defaultRetentionKeepsTheFilesOfRecentVersions(SparkSession spark, @TempDir Path dir) {
    String warehouse = dir.toString();
    String daily = threeSmallWrites(spark, warehouse, DailyTable.SPEC);

    List<String> firstWrite =
        rowsOf(spark.read().format("delta").option("versionAsOf", 1).load(daily));
    assertEquals(2, firstWrite.size(), "version 1 is the first write of 2 rows");

    List<Maintenance.Result> results =
        new Maintenance(spark)
            .run(warehouse, List.of(DailyTable.SPEC), Maintenance.MIN_RETENTION_HOURS, false);

    assertEquals(
        firstWrite,
        rowsOf(spark.read().format("delta").option("versionAsOf", 1).load(daily)),
        "version 1 still readable after OPTIMIZE and VACUUM: time travel for exports survives");
    assertEquals(
        List.of(new Maintenance.Result(DailyTable.NAME, "compaction", 3, 1, 4, 4)), results);
  }

  @Test
  void onlyUserGrainTablesAreZOrdered() {
    assertTrue(Maintenance.zOrdered(FactsTable.SPEC));
    assertTrue(Maintenance.zOrdered(ConsentStateTable.SPEC));
    assertFalse(Maintenance.zOrdered(DailyTable.SPEC));
    assertFalse(Maintenance.zOrdered(RunsTable.SPEC));
    assertFalse(Maintenance.zOrdered(RejectsTable.SPEC));
  }

  @Test
  void commandRefusesShortRetentionAndUnknownTablesWithUsageExit(@TempDir Path dir) {
    String warehouse = "-Doptout.warehouse=" + dir;
    assertEquals(2, Main.execute("maintain", "--vacuum-hours", "24", warehouse));
    assertEquals(2, Main.execute("maintain", "--tables", "optout_facts,nope", warehouse));
  }
}
