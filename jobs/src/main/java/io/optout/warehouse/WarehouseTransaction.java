package io.optout.warehouse;

import io.optout.KillPoints;
import io.optout.OptoutException;
import io.optout.schema.TableSpec;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one run across several tables. Delta commits are atomic per table only, so the
 * version of each table is remembered before its first write; {@link #rollback()} restores every
 * table the run touched, which makes a failed run leave the warehouse as it was. Each commit is
 * tagged with the run id and its version kept ({@link #committedVersions()}): the run's final
 * optout_runs row records them, and readers that need one consistent set read those versions.
 *
 * <p>Concurrent writers (docs/reliability.md): with a {@link RunLease}, taken before the first
 * table is tracked, no other pipeline run commits or rolls back while this one does. Without one
 * (or against another writer), a Delta conflict on a table without partitions (consent state,
 * rejects, checkpoint: each commit replaces the whole state) is retried; a conflict on the date
 * partitions of a table means another run is replacing the same dates, and fails this run in one
 * line naming the table.
 */
public final class WarehouseTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseTransaction.class);

  /** Attempts of a whole-table write that lost a race to a concurrent commit. */
  static final int WHOLE_TABLE_ATTEMPTS = 5;

  private final DeltaWarehouse warehouse;
  private final String runId;
  private final RunLease lease;
  private final IdempotentWrite idempotent;
  // a run commits several tables at once (pipeline/TableWriters): every map is synchronised
  private final Map<TableSpec, Optional<Long>> before =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> rowsWritten = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<TableSpec, Long> committed = Collections.synchronizedMap(new LinkedHashMap<>());

  /** The versions this run's own commits created (a write that changed nothing made none). */
  private final Map<TableSpec, Long> changed = Collections.synchronizedMap(new LinkedHashMap<>());

  public WarehouseTransaction(DeltaWarehouse warehouse) {
    this(warehouse, java.util.UUID.randomUUID().toString());
  }

  /** Every commit is tagged with {@code runId} (Delta userMetadata). */
  public WarehouseTransaction(DeltaWarehouse warehouse, String runId) {
    this(warehouse, runId, null);
  }

  /**
   * With {@code lease} (may be null) taken before the first table is tracked or committed: commits
   * and the rollback then run while no other run commits. Its holder gives it back.
   */
  public WarehouseTransaction(DeltaWarehouse warehouse, String runId, RunLease lease) {
    this(warehouse, runId, lease, null);
  }

  /**
   * With {@code idempotent} (may be null), every write carries Delta's idempotent-write options: a
   * table that already holds that commit (a killed attempt of the same work) is not written again.
   */
  public WarehouseTransaction(
      DeltaWarehouse warehouse, String runId, RunLease lease, IdempotentWrite idempotent) {
    this.warehouse = warehouse;
    this.runId = runId;
    this.lease = lease;
    this.idempotent = idempotent;
  }

  public void replace(TableSpec table, Dataset<Row> rows, Column scope) {
    commit(table, () -> warehouse.replace(table, rows, scope, runId, idempotent));
  }

  public void overwrite(TableSpec table, Dataset<Row> rows) {
    commit(table, () -> warehouse.overwrite(table, rows, runId, idempotent));
  }

  /** Rows written per table, by table name (sorted: parallel commits finish in any order). */
  public Map<String, Long> rowsWritten() {
    synchronized (rowsWritten) {
      return Collections.unmodifiableMap(new TreeMap<>(rowsWritten));
    }
  }

  /** The Delta version each table was committed at by this run, by table name. */
  public Map<String, Long> committedVersions() {
    Map<String, Long> out = new TreeMap<>();
    synchronized (committed) {
      committed.forEach((table, version) -> out.put(table.name(), version));
    }
    return out;
  }

  private void commit(TableSpec table, Supplier<DeltaWarehouse.Commit> write) {
    track(table);
    if (lease != null) {
      lease.checkHeld();
    }
    KillPoints.reached("before-commit:" + table.name());
    DeltaWarehouse.Commit commit = withConflictPolicy(table, write);
    rowsWritten.put(table.name(), commit.rowsWritten());
    committed.put(table, commit.version());
    if (commit.changed()) {
      changed.put(table, commit.version());
    }
    KillPoints.reached("after-commit:" + table.name());
  }

  private static DeltaWarehouse.Commit withConflictPolicy(
      TableSpec table, Supplier<DeltaWarehouse.Commit> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (ConcurrentModificationException e) {
        if (!(e instanceof org.apache.spark.sql.delta.DeltaConcurrentModificationException)) {
          throw e;
        }
        if (table.partitionColumn() != null || attempt >= WHOLE_TABLE_ATTEMPTS) {
          throw new OptoutException(
              "table "
                  + table.name()
                  + ": a concurrent run committed to the same "
                  + (table.partitionColumn() != null ? "partitions" : "table")
                  + " ("
                  + e.getClass().getSimpleName()
                  + "); run one pipeline run at a time per warehouse, then rerun this window",
              OptoutException.FAILED,
              e);
        }
        LOG.warn(
            "table {}: concurrent commit ({}), writing again (attempt {})",
            table.name(),
            e.getClass().getSimpleName(),
            attempt + 1);
      }
    }
  }

  /** Remembers the table's version before the run's first write to it (once per table). */
  public void track(TableSpec table) {
    if (lease != null) {
      lease.acquire(); // once: a no-op while held
    }
    synchronized (before) {
      if (!before.containsKey(table)) {
        before.put(table, warehouse.version(table));
      }
    }
  }

  /**
   * Undoes every commit of this run: a table goes back to the version just before the run's own
   * commit (a table the run created is dropped). A table another writer committed to after this run
   * is left alone: restoring it would undo that writer's commit too.
   */
  public void rollback() {
    Map<TableSpec, Optional<Long>> tracked;
    synchronized (before) {
      tracked = new LinkedHashMap<>(before);
    }
    tracked.forEach(
        (table, version) -> {
          Long ours = changed.get(table);
          if (ours == null) {
            return; // this run's write did not commit: nothing of it to undo
          }
          try {
            long now = warehouse.version(table).orElse(-1L);
            if (now != ours) {
              LOG.error(
                  "rollback of {} skipped: another writer committed version {} after this run's {}",
                  table.name(),
                  now,
                  ours);
            } else if (version.isEmpty()) {
              warehouse.drop(table);
            } else {
              warehouse.restore(table, ours - 1);
            }
          } catch (RuntimeException e) {
            LOG.error("rollback of {} failed: {}", table.name(), e.getMessage());
          }
        });
  }
}
