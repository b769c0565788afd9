package io.optout.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.cli.Main;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.WarehouseComparison;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small generated lake (every lake, every table non-empty) with warehouses that tests copy:
 * {@code base} holds one good nightly run ({@link #FIRST_NIGHT}); {@code clean} is base plus an
 * uninterrupted run of {@link #SECOND_NIGHT}, the reference a healed warehouse must equal.
 */
final class ReliabilityFixture {
  static final String START = "2024-03-01";
  static final String FIRST_NIGHT = "2024-03-08";
  static final String SECOND_NIGHT = "2024-03-10";

  /** Columns that identify or time a run: equal tables differ only there. */
  static final Set<String> RUN_SPECIFIC =
      Set.copyOf(
          List.of(
              Columns.RUN_ID,
              Columns.STARTED_AT,
              Columns.FINISHED_AT,
              Columns.STARTED_DATE,
              Columns.RUN_ID,
              Columns.REJECTED_AT));

  final Path root;

  ReliabilityFixture(Path root) {
    this.root = root;
    assertEquals(
        0,
        Main.execute(
            "generate",
            "--users",
            "80",
            "--days",
            "10",
            "--start",
            START,
            "--seed",
            "7",
            "--out",
            lake()),
        "generate");
    assertEquals(
        0, Main.execute(withWarehouse(base(), "run", "--date", FIRST_NIGHT)), "first night");
    copy(base(), clean());
    assertEquals(
        0,
        Main.execute(withWarehouse(clean(), "run", "--date", SECOND_NIGHT)),
        "clean second night");
  }

  String lake() {
    return root.resolve("lake").toString();
  }

  String base() {
    return root.resolve("base").toString();
  }

  String clean() {
    return root.resolve("clean").toString();
  }

  /** A fresh copy of the base warehouse (one good run in it). */
  String copyOfBase(String name) {
    String target = root.resolve(name).toString();
    copy(base(), target);
    return target;
  }

  static void copy(String from, String to) {
    try {
      FileUtils.copyDirectory(new File(from), new File(to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line with this lake and the given warehouse. */
  String[] withWarehouse(String warehouse, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(overrides(warehouse));
    return all.toArray(String[]::new);
  }

  List<String> overrides(String warehouse) {
    List<String> all = new ArrayList<>();
    all.add("-Doptout.warehouse=" + warehouse);
    for (String lake : List.of("consent", "push", "campaign", "event")) {
      all.add("-Doptout.lakes." + lake + ".path=" + lake() + "/" + lake);
    }
    return all;
  }

  /** The tables a run writes (optout_runs aside: it keeps every run's rows). */
  static List<TableSpec> derivedTables() {
    return Tables.all().stream().filter(t -> t != RunsTable.SPEC).toList();
  }

  static Dataset<Row> comparable(SparkSession spark, TableSpec table, String warehouse) {
    return WarehouseComparison.comparable(spark, table, warehouse, RUN_SPECIFIC);
  }

  static boolean sameRows(Dataset<Row> a, Dataset<Row> b) {
    return a.exceptAll(b).isEmpty() && b.exceptAll(a).isEmpty();
  }
}
