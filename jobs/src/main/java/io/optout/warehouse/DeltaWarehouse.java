package io.optout.warehouse;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.schema.TableSpec;
import io.optout.spark.internal.ColumnSql;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The output Delta tables under {@code optout.warehouse}, one folder per table name. Every write is
 * a single Delta commit, so a reader sees a table either before or after it.
 */
public final class DeltaWarehouse {
  private final SparkSession spark;
  private final String root;

  public DeltaWarehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = qualified(spark, root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
  }

  /**
   * Delta's table builder takes a relative location for a table name: always hand it a full URI.
   */
  private static String qualified(SparkSession spark, String root) {
    try {
      return io.optout.schema.TableLocations.qualified(
          spark.sparkContext().hadoopConfiguration(), root);
    } catch (IOException e) {
      throw new OptoutException(
          "warehouse " + root + ": " + e.getMessage(), OptoutException.USAGE, e);
    }
  }

  public String root() {
    return root;
  }

  /** The Hadoop configuration the warehouse's files are reached with. */
  public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
    return spark.sparkContext().hadoopConfiguration();
  }

  public String path(TableSpec table) {
    return table.location(root);
  }

  /** Whether the table has a commit (read from its log, without a Spark job). */
  public boolean exists(TableSpec table) {
    return version(table).isPresent();
  }

  /** Latest commit version, empty when the table does not exist yet. */
  public Optional<Long> version(TableSpec table) {
    return commitLog(table).latestVersion();
  }

  private CommitLog commitLog(TableSpec table) {
    return new CommitLog(spark.sparkContext().hadoopConfiguration(), path(table));
  }

  public Dataset<Row> read(TableSpec table) {
    if (!exists(table)) {
      throw new OptoutException(
          "table " + table.name() + " does not exist under " + root + " (run the pipeline first)");
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Creates the table with its columns, comments and partitioning when it is missing. */
  public void ensure(TableSpec table) {
    if (version(table).isPresent()) {
      // Delta's createIfNotExists on an existing table loads and checks its snapshot: a Spark job
      return;
    }
    DeltaTable.createIfNotExists(spark)
        .location(path(table))
        .addColumns(table.schema())
        .comment(table.comment())
        .partitionedBy(
            table.partitionColumn() == null
                ? new String[0]
                : new String[] {table.partitionColumn()})
        .execute();
  }

  /**
   * Replaces exactly the rows matching {@code scope} with {@code rows} in one commit (Delta
   * replaceWhere); rows outside the scope are untouched. Returns the rows written.
   */
  public long replace(TableSpec table, Dataset<Row> rows, Column scope) {
    save(table, rows, scope, null, null);
    return rowsWrittenByLastCommit(table);
  }

  /** Replaces the whole table content in one commit. */
  public long overwrite(TableSpec table, Dataset<Row> rows) {
    save(table, rows, null, null, null);
    return rowsWrittenByLastCommit(table);
  }

  /**
   * A run's write to a table: the version the table is at after it and the rows written; {@code
   * changed} is false when Delta made no commit (nothing to remove, nothing to add).
   */
  public record Commit(long version, long rowsWritten, boolean changed) {}

  /**
   * {@link #replace(TableSpec, Dataset, Column)} with the commit tagged with {@code runId} (Delta
   * userMetadata, shown by DESCRIBE HISTORY), so the run finds its own version even when another
   * writer commits right after it.
   */
  public Commit replace(TableSpec table, Dataset<Row> rows, Column scope, String runId) {
    return replace(table, rows, scope, runId, null);
  }

  /**
   * With {@code idempotent} (may be null), Delta skips the write when the table already holds a
   * commit of the same app id at this or a later version; the result then says nothing changed.
   */
  public Commit replace(
      TableSpec table, Dataset<Row> rows, Column scope, String runId, IdempotentWrite idempotent) {
    save(table, rows, scope, runId, idempotent);
    return commitOf(table, runId);
  }

  /** {@link #overwrite(TableSpec, Dataset)} with the commit tagged with {@code runId}. */
  public Commit overwrite(TableSpec table, Dataset<Row> rows, String runId) {
    return overwrite(table, rows, runId, null);
  }

  /** {@link #overwrite(TableSpec, Dataset, String)} as an idempotent write, as for replace. */
  public Commit overwrite(
      TableSpec table, Dataset<Row> rows, String runId, IdempotentWrite idempotent) {
    save(table, rows, null, runId, idempotent);
    return commitOf(table, runId);
  }

  /**
   * One overwrite commit: of the rows matching {@code scope} (replaceWhere), or of the whole table
   * when it is null; tagged with {@code runId} when one is given.
   */
  private void save(
      TableSpec table, Dataset<Row> rows, Column scope, String runId, IdempotentWrite idempotent) {
    ensure(table);
    DataFrameWriter<Row> writer = laidOut(table, rows).write().format("delta").mode("overwrite");
    if (scope != null) {
      writer = writer.option("replaceWhere", ColumnSql.sql(scope));
    }
    if (runId != null) {
      writer = writer.option(USER_METADATA, runId);
    }
    if (idempotent != null) {
      writer =
          writer
              .option("txnAppId", idempotent.appId())
              .option("txnVersion", Long.toString(idempotent.version()));
    }
    writer.save(path(table));
  }

  private static final String USER_METADATA = "userMetadata";

  /** Commits searched for a run's own: far more than concurrent runs could add meanwhile. */
  private static final int OWN_COMMIT_SEARCH = 100;

  private Commit commitOf(TableSpec table, String runId) {
    return commitLog(table)
        .newestTagged(runId, OWN_COMMIT_SEARCH)
        .map(own -> new Commit(own.version(), own.rowsWritten(), true))
        // an empty overwrite of an empty table: Delta skips the commit, the table already is the
        // result
        .orElseGet(() -> new Commit(version(table).orElseThrow(), 0, false));
  }

  public void append(TableSpec table, Dataset<Row> rows) {
    ensure(table);
    // additive schema changes (a new optout_runs column) evolve an existing table
    laidOut(table, rows)
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(path(table));
  }

  /** Puts a table back to an earlier version (one commit); used to undo a failed run. */
  public void restore(TableSpec table, long version) {
    DeltaTable.forPath(spark, path(table)).restoreToVersion(version);
  }

  /** Removes a table the failed run created itself. */
  public void drop(TableSpec table) {
    try {
      Path path = new Path(path(table));
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new OptoutException(
          "cannot remove " + path(table) + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }

  /**
   * The rows conformed to the table and, for a partitioned table, gathered by partition value
   * first: each task would otherwise open one Parquet file per partition value it holds (eight
   * tasks times thirty days made 240 tiny files per write, most of a write's time), where one file
   * per partition is what readers want too.
   */
  private static Dataset<Row> laidOut(TableSpec table, Dataset<Row> rows) {
    Dataset<Row> conformed = table.conform(rows);
    return table.partitionColumn() == null
        ? conformed
        : conformed.repartition(col(table.partitionColumn()));
  }

  private long rowsWrittenByLastCommit(TableSpec table) {
    CommitLog log = commitLog(table);
    return log.latestVersion()
        .flatMap(log::commitInfo)
        .map(CommitLog.CommitInfo::rowsWritten)
        .orElse(0L);
  }
}
