package io.optout.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.cli.Main;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.OptoutChildJvm;
import io.optout.testing.SampleNight;
import io.optout.testing.TwoAtATime;
import io.optout.testing.WarehouseComparison;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Warehouses that the crash tests copy: {@code base} is the shared {@link SampleNight}, one good
 * nightly run ({@link #FIRST_NIGHT}) over a small generated lake (every lake, every table
 * non-empty); {@code clean} is base plus an uninterrupted run of {@link #SECOND_NIGHT} (in this
 * JVM: a fresh JVM would only cost the run's start-up again), the reference a healed warehouse must
 * equal. The rows of both are read once, here.
 */
final class ReliabilityFixture {
  static final String START = SampleNight.START;
  static final String FIRST_NIGHT = SampleNight.NIGHT;
  static final String SECOND_NIGHT = "2024-03-10";
  static final Duration CHILD_TIMEOUT = Duration.ofMinutes(6);

  /** How a child JVM of the second night is started, besides the lake and its warehouse. */
  record ChildRun(List<String> jvmOptions, Map<String, String> environment, List<String> args) {}

  private final SampleNight night;
  final Path root;
  private final Map<TableSpec, List<Row>> baseRows;
  private final Map<TableSpec, List<Row>> cleanRows;

  /** Runs the second night after {@code night} into {@code root/clean}. */
  ReliabilityFixture(SparkSession spark, SampleNight night, Path root) {
    this.night = night;
    this.root = root;
    String clean = copyOfBase("clean");
    assertEquals(
        0, Main.execute(withWarehouse(clean, "run", "--date", SECOND_NIGHT)), "clean second night");
    baseRows = rowsOfEveryTable(spark, base());
    cleanRows = rowsOfEveryTable(spark, clean);
  }

  /** The first night's warehouse: copied, never written. */
  String base() {
    return night.warehouse();
  }

  List<Row> baseRows(TableSpec table) {
    return baseRows.get(table);
  }

  List<Row> cleanRows(TableSpec table) {
    return cleanRows.get(table);
  }

  /** A fresh copy of the base warehouse (one good run in it). */
  String copyOfBase(String name) {
    return night.copyOfWarehouse(root.resolve(name));
  }

  /**
   * {@code run --date SECOND_NIGHT} into {@code warehouse} in a child JVM; local[1] and two shuffle
   * partitions, as few tasks as the test JVM's session runs.
   */
  OptoutChildJvm startSecondNight(String warehouse, ChildRun how) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--date",
                SECOND_NIGHT,
                "-Doptout.spark.master=local[1]",
                "-Doptout.spark.conf.spark.sql.shuffle.partitions=2"));
    args.addAll(how.args());
    args.addAll(night.overrides(warehouse));
    return OptoutChildJvm.start(how.jvmOptions(), how.environment(), args);
  }

  /** The command line with this lake and the given warehouse. */
  String[] withWarehouse(String warehouse, String... args) {
    return night.command(warehouse, args);
  }

  /** The tables a run writes (optout_runs aside: it keeps every run's rows). */
  static List<TableSpec> derivedTables() {
    return Tables.all().stream().filter(t -> t != RunsTable.SPEC).toList();
  }

  /** The rows of {@code table} without the columns that identify or time a run, sorted. */
  static List<Row> rows(SparkSession spark, TableSpec table, String warehouse) {
    return WarehouseComparison.sortedRows(
        WarehouseComparison.comparable(spark, table, warehouse, WarehouseComparison.RUN_SPECIFIC));
  }

  /** The same at an older version of the table. */
  static List<Row> rows(SparkSession spark, TableSpec table, String warehouse, long version) {
    return WarehouseComparison.sortedRows(
        WarehouseComparison.comparable(
            spark, table, warehouse, WarehouseComparison.RUN_SPECIFIC, version));
  }

  private static Map<TableSpec, List<Row>> rowsOfEveryTable(SparkSession spark, String warehouse) {
    List<TableSpec> tables = derivedTables();
    List<List<Row>> rows = TwoAtATime.map(tables, table -> rows(spark, table, warehouse));
    Map<TableSpec, List<Row>> byTable = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      byTable.put(tables.get(i), rows.get(i));
    }
    return Map.copyOf(byTable);
  }
}
