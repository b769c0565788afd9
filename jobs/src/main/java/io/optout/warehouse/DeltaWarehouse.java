package io.optout.warehouse;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.schema.TableSpec;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The output Delta tables under {@code optout.warehouse}, one folder per table name. Every write
 * is a single Delta commit, so a reader sees a table either before or after it.
 */
public final class DeltaWarehouse {
  private final SparkSession spark;
  private final String root;

  public DeltaWarehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = qualified(spark, root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
  }

  /** Delta's table builder takes a relative location for a table name: always hand it a full URI. */
  private static String qualified(SparkSession spark, String root) {
    try {
      Path path = new Path(root);
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toString();
    } catch (IOException e) {
      throw new OptoutException("warehouse " + root + ": " + e.getMessage(), OptoutException.USAGE, e);
    }
  }

  public String root() {
    return root;
  }

  public String path(TableSpec table) {
    return root + "/" + table.name();
  }

  public boolean exists(TableSpec table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** Latest commit version, empty when the table does not exist yet. */
  public Optional<Long> version(TableSpec table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(DeltaTable.forPath(spark, path(table)).history(1).select("version").first().getLong(0));
  }

  public Dataset<Row> read(TableSpec table) {
    if (!exists(table)) {
      throw new OptoutException("table " + table.name() + " does not exist under " + root + " (run the pipeline first)");
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Creates the table with its columns, comments and partitioning when it is missing. */
  public void ensure(TableSpec table) {
    DeltaTable.createIfNotExists(spark)
        .location(path(table))
        .addColumns(table.schema())
        .comment(table.comment())
        .partitionedBy(table.partitionColumn() == null ? new String[0] : new String[] {table.partitionColumn()})
        .execute();
  }

  /**
   * Replaces exactly the rows matching {@code scope} with {@code rows} in one commit (Delta
   * replaceWhere); rows outside the scope are untouched. Returns the rows written.
   */
  public long replace(TableSpec table, Dataset<Row> rows, Column scope) {
    ensure(table);
    table.conform(rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", scope.expr().sql())
        .save(path(table));
    return rowsWrittenByLastCommit(table);
  }

  /** Replaces the whole table content in one commit. */
  public long overwrite(TableSpec table, Dataset<Row> rows) {
    ensure(table);
    table.conform(rows).write().format("delta").mode("overwrite").save(path(table));
    return rowsWrittenByLastCommit(table);
  }

  public void append(TableSpec table, Dataset<Row> rows) {
    ensure(table);
    // mergeSchema: a warehouse written by an older version gains new optout_runs columns
    table.conform(rows).write().format("delta").mode("append").option("mergeSchema", "true").save(path(table));
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
      throw new OptoutException("cannot remove " + path(table) + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }

  private long rowsWrittenByLastCommit(TableSpec table) {
    Row last = DeltaTable.forPath(spark, path(table)).history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = last.getMap(0);
    return metrics.get("numOutputRows").map(Long::parseLong).getOrElse(() -> 0L);
  }
}
