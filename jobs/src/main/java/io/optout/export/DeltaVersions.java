package io.optout.export;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;

/**
 * Which Delta versions an export reads. The facts version is pinned first (the latest, or the one
 * asked for) and then read with time travel, so the manifest names exactly what was read even when
 * a pipeline run commits meanwhile.
 */
final class DeltaVersions {
  private DeltaVersions() {}

  /** The commits still in the table's log, oldest first. */
  static List<TableVersion> history(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path)
        .history()
        .select("version", "timestamp")
        .collectAsList()
        .stream()
        .map(r -> new TableVersion(r.getLong(0), r.getTimestamp(1).toInstant()))
        .sorted(Comparator.comparingLong(TableVersion::version))
        .toList();
  }

  /** The requested facts version, or the latest when none is asked for. */
  static TableVersion facts(List<TableVersion> history, OptionalLong requested, String table) {
    TableVersion latest = history.get(history.size() - 1);
    if (requested.isEmpty()) {
      return latest;
    }
    long wanted = requested.getAsLong();
    return history.stream()
        .filter(v -> v.version() == wanted)
        .findFirst()
        .orElseThrow(
            () ->
                OptoutException.usage(
                    "--table-version "
                        + wanted
                        + ": "
                        + table
                        + " has versions "
                        + history.get(0).version()
                        + ".."
                        + latest.version()
                        + " in its log"));
  }

  /** A version recorded by a run; it must still be in the table's log. */
  static TableVersion at(List<TableVersion> history, long version, String table) {
    return history.stream()
        .filter(v -> v.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new OptoutException(
                    table
                        + ": version "
                        + version
                        + " of the latest succeeded run is no longer in the Delta log ("
                        + history.get(0).version()
                        + ".."
                        + history.get(history.size() - 1).version()
                        + "); give --version"));
  }

  /**
   * The consent-state version that goes with a facts version: the latest one committed at or before
   * the facts commit, so currently_opted_out reproduces with --table-version. When every
   * consent-state commit is later (the table is younger than that facts version), the oldest one.
   */
  static TableVersion consentStateFor(List<TableVersion> history, TableVersion facts) {
    return history.stream()
        .filter(v -> !v.committedAt().isAfter(facts.committedAt()))
        .reduce((first, second) -> second)
        .orElse(history.get(0));
  }
}
