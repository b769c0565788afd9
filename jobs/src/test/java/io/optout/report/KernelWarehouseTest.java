package io.optout.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.OptoutException;
import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.schema.Columns;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's Delta Kernel reader on the fixture tables of ReportFixtures (optout_daily: 03-05 5
 * opt-outs, 03-10 3 + 2, 03-12 1 + 4, 03-15 50).
 */
@SparkTest
class KernelWarehouseTest {
  private static final LocalDate FROM = LocalDate.parse("2024-03-08");
  private static final LocalDate TO = LocalDate.parse("2024-03-14");

  private final SparkSession spark;

  KernelWarehouseTest(SparkSession spark) {
    this.spark = spark;
  }

  private KernelWarehouse warehouse(Path root) {
    return new KernelWarehouse(spark.sparkContext().hadoopConfiguration(), root.toString());
  }

  private static long optOuts(List<TableRow> rows) {
    return rows.stream().mapToLong(r -> r.count(Columns.OPT_OUTS)).sum();
  }

  private static List<LocalDate> days(List<TableRow> rows) {
    return rows.stream().map(r -> r.date(Columns.DAY)).distinct().sorted().toList();
  }

  /** Deletes the data files of one partition; the Delta log still lists them. */
  private static void deletePartition(Path table, String partition) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve(partition))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void readsOnlyTheFilesOfTheRange(@TempDir Path root) throws IOException {
    ReportFixtures.writeSeedTables(spark, root.toString());
    Path daily = root.resolve(DailyTable.NAME);
    deletePartition(daily, "day=2024-03-05");
    deletePartition(daily, "day=2024-03-15");

    List<TableRow> rows = warehouse(root).rows(DailyTable.SPEC, Columns.DAY, FROM, TO);

    assertEquals(4, rows.size());
    assertEquals(10, optOuts(rows));
    assertEquals(List.of(LocalDate.parse("2024-03-10"), LocalDate.parse("2024-03-12")), days(rows));
  }

  private static OptoutException readFailure(KernelWarehouse warehouse) {
    OptoutException e =
        assertThrows(
            OptoutException.class, () -> warehouse.rows(DailyTable.SPEC, Columns.DAY, FROM, TO));
    assertEquals(OptoutException.FAILED, e.exitCode());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void aMissingFileOfTheRangeFailsInOneLineNamingTheTableAndTheFile(@TempDir Path root)
      throws IOException {
    ReportFixtures.writeSeedTables(spark, root.toString());
    deletePartition(root.resolve(DailyTable.NAME), "day=2024-03-10");

    String message = readFailure(warehouse(root)).getMessage();

    String table = "file:" + root.resolve(DailyTable.NAME);
    assertTrue(
        message.matches(
            Pattern.quote("table optout_daily: cannot read " + table + ": File " + table)
                + "/day=2024-03-10/part-[^ ]+\\.parquet does not exist"),
        message);
  }

  @Test
  void aCorruptFileOfTheRangeFailsInOneLineNamingTheTableAndTheFile(@TempDir Path root)
      throws IOException {
    ReportFixtures.writeSeedTables(spark, root.toString());
    try (Stream<Path> files = Files.list(root.resolve(DailyTable.NAME).resolve("day=2024-03-12"))) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".crc")) {
          Files.delete(file); // else Hadoop's checksum check fails first
        } else {
          Files.writeString(file, "not parquet");
        }
      }
    }

    String message = readFailure(warehouse(root)).getMessage();

    assertTrue(
        message.startsWith(
            "table optout_daily: cannot read file:" + root.resolve(DailyTable.NAME) + ": "),
        message);
    assertTrue(message.contains("day=2024-03-12/part-"), message);
    assertTrue(message.contains("is not a Parquet file"), message);
  }

  @Test
  void aTableNotPartitionedByItsDateIsStillCutToTheRange(@TempDir Path root) {
    ReportFixtures.writeSeedTables(spark, root.toString());
    spark
        .read()
        .format("delta")
        .load(root.resolve(DailyTable.NAME).toString())
        .coalesce(1)
        .write()
        .format("delta")
        .save(root.resolve("unpartitioned").resolve(DailyTable.NAME).toString());

    List<TableRow> rows =
        warehouse(root.resolve("unpartitioned")).rows(DailyTable.SPEC, Columns.DAY, FROM, TO);

    assertEquals(10, optOuts(rows), "the 03-05 and 03-15 rows are in the same file");
    assertEquals(List.of(LocalDate.parse("2024-03-10"), LocalDate.parse("2024-03-12")), days(rows));
  }

  @Test
  void aMissingTableIsNamedWithTheWarehouse(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve(DailyTable.NAME)); // a folder without a Delta log
    KernelWarehouse warehouse = warehouse(root);

    assertFalse(warehouse.exists(DailyTable.SPEC));
    OptoutException e =
        assertThrows(
            OptoutException.class, () -> warehouse.rows(DailyTable.SPEC, Columns.DAY, FROM, TO));
    assertEquals(OptoutException.FAILED, e.exitCode());
    assertEquals(
        "table optout_daily does not exist under file:" + root + " (run the pipeline first)",
        e.getMessage());
  }

  @Test
  void anOlderWarehouseHasNoSection8TablesAndItsSeedTablesReadAsUsual(@TempDir Path root) {
    ReportFixtures.writeSeedTables(spark, root.toString());
    ReportSource source = new ReportSource(warehouse(root), ExportFilters.NONE);
    ExportPeriod range = ExportPeriod.between(FROM, TO, TO);

    assertTrue(source.optionalRows(BaseTable.SPEC, Columns.DAY, range).isEmpty());
    assertTrue(source.optionalRows(SpikesTable.SPEC, Columns.DAY, range).isEmpty());
    assertTrue(source.optionalRows(PushFatigueTable.SPEC, Columns.DAY, range).isEmpty());
    assertEquals(10, optOuts(source.optionalRows(DailyTable.SPEC, Columns.DAY, range).get()));
  }

  @Test
  void aColumnTheReportNeedsAndTheTableLacksIsNamed(@TempDir Path root) {
    ReportFixtures.writeSeedTables(spark, root.toString());
    String daily = root.resolve(DailyTable.NAME).toString();
    spark
        .read()
        .format("delta")
        .load(daily)
        .drop(Columns.OPT_INS)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .partitionBy(Columns.DAY)
        .save(daily);
    List<TableRow> rows = warehouse(root).rows(DailyTable.SPEC, Columns.DAY, FROM, TO);

    assertEquals(10, optOuts(rows));
    OptoutException e =
        assertThrows(OptoutException.class, () -> rows.get(0).count(Columns.OPT_INS));
    assertEquals("table optout_daily has no column opt_ins", e.getMessage());
  }
}
