package io.optout.warehouse;

import static org.apache.spark.sql.functions.col;

import io.optout.schema.Columns;
import io.optout.schema.tables.RunsTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The table versions of the latest succeeded pipeline run, from optout_runs. Delta commits are
 * atomic per table only, so during a run (or after one died between two commits) the latest
 * versions of two tables may come from different runs; the versions a succeeded run recorded are
 * one consistent set (docs/reliability.md).
 */
public final class RunVersions {
  private RunVersions() {}

  /**
   * The versions recorded by the latest succeeded run (by finish time) that committed every one of
   * {@code tables}; empty when there is no such run (no optout_runs yet, or only older rows without
   * table_versions).
   */
  public static Optional<Map<String, Long>> latestSucceeded(
      SparkSession spark, DeltaWarehouse warehouse, List<String> tables) {
    if (!warehouse.exists(RunsTable.SPEC)) {
      return Optional.empty();
    }
    var runs = warehouse.read(RunsTable.SPEC);
    if (!List.of(runs.columns()).contains(Columns.TABLE_VERSIONS)) {
      return Optional.empty();
    }
    org.apache.spark.sql.Column all = col(Columns.STATUS).equalTo(RunsTable.SUCCEEDED);
    for (String table : tables) {
      all = all.and(col(Columns.TABLE_VERSIONS).getItem(table).isNotNull());
    }
    List<Row> latest =
        runs.where(all)
            .orderBy(col(Columns.FINISHED_AT).desc())
            .select(Columns.TABLE_VERSIONS)
            .limit(1)
            .collectAsList();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> versions = latest.get(0).getJavaMap(0);
    return Optional.of(Map.copyOf(versions));
  }
}
