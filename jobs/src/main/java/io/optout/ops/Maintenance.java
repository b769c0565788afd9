package io.optout.ops;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps the output tables cheap to read and store: OPTIMIZE compacts the small files nightly
 * partition overwrites leave behind (Z-ordered by app_id on user-grain tables, so per-app queries
 * skip files), then VACUUM deletes files no longer referenced by a version inside the retention.
 */
public final class Maintenance {
  /**
   * Exports read earlier table versions ({@code --table-version}, Delta time travel); VACUUM
   * deletes the files those versions point to once they are older than the retention. 7 days keeps
   * a week of versions readable, and is Delta's own default.
   */
  public static final int MIN_RETENTION_HOURS = 168;

  /** Z-order column of large tables: BI filters by app first. */
  static final String ZORDER_COLUMN = Columns.APP_ID;

  /**
   * Delta's safety check against a retention shorter than the table's; lifted only with --force.
   */
  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  private final SparkSession spark;

  public Maintenance(SparkSession spark) {
    this.spark = spark;
  }

  /** What was done to one table; file counts are data files (Delta log excluded). */
  public record Result(
      String table,
      String compaction,
      long activeFilesBefore,
      long activeFilesAfter,
      long storedFilesBefore,
      long storedFilesAfter) {

    @Override
    public String toString() {
      return table
          + ": OPTIMIZE "
          + compaction
          + ": "
          + activeFilesBefore
          + " -> "
          + activeFilesAfter
          + " active files; VACUUM: "
          + storedFilesBefore
          + " -> "
          + storedFilesAfter
          + " files stored";
    }
  }

  /** Refuses a retention that would break time travel, before anything is touched. */
  public static void checkRetention(int vacuumHours, boolean force) {
    if (vacuumHours < 0) {
      throw OptoutException.usage("--vacuum-hours must not be negative, got " + vacuumHours);
    }
    if (vacuumHours < MIN_RETENTION_HOURS && !force) {
      throw OptoutException.usage(
          "--vacuum-hours "
              + vacuumHours
              + " is below "
              + MIN_RETENTION_HOURS
              + " (7 days): VACUUM would delete the files of table versions younger than that, and"
              + " exports that read an earlier version (export --table-version, Delta time travel)"
              + " would fail. Add --force if no one needs those versions.");
    }
  }

  /**
   * Compacts and vacuums each table of {@code tables} that exists under the warehouse; tables not
   * written yet are skipped (absent from the result).
   */
  public List<Result> run(
      String warehouse, List<TableSpec> tables, int vacuumHours, boolean force) {
    checkRetention(vacuumHours, force);
    List<Result> results = new ArrayList<>();
    for (TableSpec table : tables) {
      String path = table.location(warehouse);
      if (DeltaTable.isDeltaTable(spark, path)) {
        results.add(maintain(table, path, vacuumHours));
      }
    }
    return results;
  }

  private Result maintain(TableSpec table, String path, int vacuumHours) {
    DeltaTable delta = DeltaTable.forPath(spark, path);
    long activeBefore = activeFiles(path);
    String compaction;
    if (zOrdered(table)) {
      delta.optimize().executeZOrderBy(ZORDER_COLUMN);
      compaction = "ZORDER BY (" + ZORDER_COLUMN + ")";
    } else {
      delta.optimize().executeCompaction();
      compaction = "compaction";
    }
    long activeAfter = activeFiles(path);
    long storedBefore = storedDataFiles(path);
    vacuum(delta, vacuumHours);
    return new Result(
        table.name(), compaction, activeBefore, activeAfter, storedBefore, storedDataFiles(path));
  }

  /**
   * User-grain tables (a row per user: they have a user_id column) grow with the user base and are
   * filtered by app; aggregates stay small, where Z-ordering would only rewrite files.
   */
  static boolean zOrdered(TableSpec table) {
    List<String> columns = table.columnNames();
    return columns.contains(Columns.USER_ID)
        && columns.contains(ZORDER_COLUMN)
        && !ZORDER_COLUMN.equals(table.partitionColumn());
  }

  /**
   * Below Delta's safe retention only when forced (checked before); the check is lifted for this
   * call alone.
   */
  private void vacuum(DeltaTable delta, int vacuumHours) {
    if (vacuumHours >= MIN_RETENTION_HOURS) {
      delta.vacuum(vacuumHours);
      return;
    }
    String previous = spark.conf().get(RETENTION_CHECK, "true");
    spark.conf().set(RETENTION_CHECK, "false");
    try {
      delta.vacuum(vacuumHours);
    } finally {
      spark.conf().set(RETENTION_CHECK, previous);
    }
  }

  /** Files of the latest version. */
  private long activeFiles(String path) {
    return spark.read().format("delta").load(path).inputFiles().length;
  }

  /**
   * Data files in storage, referenced or not (what VACUUM removes); the log and hidden files
   * excluded.
   */
  private long storedDataFiles(String path) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      long count = 0;
      while (files.hasNext()) {
        Path file = files.next().getPath();
        if (!file.toUri().getPath().contains("/_delta_log/") && !hidden(file.getName())) {
          count++;
        }
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
