package io.optout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Compares what two runs wrote, wherever they wrote it (local disk, s3a://). */
public final class WarehouseComparison {
  /** Columns that name or time the run itself: they differ between any two runs. */
  public static final Set<String> RUN_SPECIFIC =
      Set.copyOf(
          List.of(
              Columns.RUN_ID,
              Columns.STARTED_AT,
              Columns.FINISHED_AT,
              Columns.STARTED_DATE,
              Columns.PHASE_MILLIS,
              Columns.PHASE_SHUFFLE_BYTES,
              Columns.RUN_ID,
              Columns.REJECTED_AT,
              // where and when a run saw its input files: the same lake copied to S3 has other
              // paths and times, and the digests of a nightly's settings and work cover the paths
              Columns.FILE_PATH,
              Columns.FILE_MODIFIED_AT,
              Columns.SETTINGS_KEY,
              Columns.WORK_KEY)); // run_id is in both: a set, not Set.of

  private WarehouseComparison() {}

  /**
   * Asserts that both warehouses hold the same tables with the same schema and the same rows, as a
   * multiset (run-specific columns left out); returns the tables compared. The rows are collected
   * and compared in the driver: the tables of a test run hold at most a few thousand rows, and one
   * scan per side is cheaper than spark-testing-base's distributed comparison (on the cluster
   * test's tables: 0.8 s per table instead of 2.1 s, in a warm JVM).
   */
  public static List<TableSpec> assertSameTables(
      SparkSession spark, String expected, String actual) {
    return TwoAtATime.filter(Tables.all(), table -> sameTable(spark, table, expected, actual));
  }

  /** Asserts {@code table} is the same in both warehouses; false when neither has it. */
  private static boolean sameTable(
      SparkSession spark, TableSpec table, String expected, String actual) {
    boolean written = DeltaTable.isDeltaTable(spark, table.location(expected));
    assertEquals(
        written,
        DeltaTable.isDeltaTable(spark, table.location(actual)),
        table.name() + " written in one warehouse only");
    if (written) {
      assertSameRowsCollected(
          table,
          comparable(spark, table, expected, RUN_SPECIFIC),
          comparable(spark, table, actual, RUN_SPECIFIC));
    }
    return written;
  }

  /**
   * Same schema, and the same rows with the same multiplicities: both sides sorted by their text,
   * then compared with {@link Row#equals} (the text alone could confuse rows whose values contain
   * the separators).
   */
  private static void assertSameRowsCollected(
      TableSpec table, Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.schema(), actual.schema(), table.name() + ": schema");
    assertEquals(sortedRows(expected), sortedRows(actual), table.name() + ": rows");
  }

  /**
   * The rows sorted by their text: two such lists are equal when the frames hold the same rows with
   * the same multiplicities.
   */
  public static List<Row> sortedRows(Dataset<Row> frame) {
    return frame.collectAsList().stream().sorted(Comparator.comparing(Row::toString)).toList();
  }

  /** The table's latest version without the columns that identify or time the run itself. */
  public static Dataset<Row> comparable(
      SparkSession spark, TableSpec table, String warehouse, Set<String> runSpecific) {
    return comparable(
        spark.read().format("delta").load(table.location(warehouse)), table, runSpecific);
  }

  /** The same at an older version of the table (Delta time travel). */
  public static Dataset<Row> comparable(
      SparkSession spark,
      TableSpec table,
      String warehouse,
      Set<String> runSpecific,
      long version) {
    return comparable(
        spark.read().format("delta").option("versionAsOf", version).load(table.location(warehouse)),
        table,
        runSpecific);
  }

  private static Dataset<Row> comparable(
      Dataset<Row> frame, TableSpec table, Set<String> runSpecific) {
    // maps (per-lake counts of optout_runs) cannot be compared as sets of rows: compare their JSON
    Column[] kept =
        table.columns().stream()
            .filter(c -> !runSpecific.contains(c.name()))
            .map(
                c ->
                    c.type() instanceof org.apache.spark.sql.types.MapType
                        ? functions.to_json(functions.col(c.name())).as(c.name())
                        : functions.col(c.name()))
            .toArray(Column[]::new);
    return frame.select(kept);
  }

  /**
   * The data files under a location (one file, or a folder of part files), by relative path with
   * Spark's per-job UUID masked, to their content. Hidden files (checksums) and _SUCCESS are left
   * out.
   */
  public static TreeMap<String, String> files(SparkSession spark, String location) {
    Path root = new Path(location);
    TreeMap<String, String> files = new TreeMap<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String prefix = fs.getFileStatus(root).getPath().toUri().getPath();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path file = it.next().getPath();
        if (file.getName().startsWith(".") || file.getName().startsWith("_")) {
          continue;
        }
        String relative =
            file.toUri()
                .getPath()
                .substring(prefix.length())
                .replaceAll(
                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>");
        try (var in = fs.open(file)) {
          files.put(relative, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
    return files;
  }
}
