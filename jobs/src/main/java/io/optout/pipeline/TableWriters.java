package io.optout.pipeline;

import io.optout.schema.TableSpec;
import io.optout.spark.DriverThreads;
import io.optout.warehouse.WarehouseTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Commits a run's tables a few at a time, in plan order. Each write stays one Delta commit of its
 * own table; the transaction remembers every table's version before the first write starts, so a
 * failure in any of them rolls back all (the caller's rollback). After a failure no further write
 * starts: the run has failed, and each table it would still commit is one more to restore.
 */
final class TableWriters {
  /**
   * One table's rows and the partitions they replace; a null scope replaces the whole table. A
   * write with {@code after} commits only once that table's write committed.
   */
  record Write(Dataset<Row> rows, Column scope, TableSpec after) {
    Write(Dataset<Row> rows, Column scope) {
      this(rows, scope, null);
    }
  }

  private final int threads;

  TableWriters(int threads) {
    this.threads = threads;
  }

  /**
   * Commits every table, {@code threads} at a time in plan order; a write that names another table
   * in {@code after} waits for that one's commit (submitted before it, so it never waits on a write
   * that has no thread).
   */
  void commit(Map<TableSpec, Write> writes, WarehouseTransaction tx, RunPhases phases) {
    writes.keySet().forEach(tx::track);
    ExecutorService pool = DriverThreads.pool("optout-writer", threads);
    AtomicBoolean failed = new AtomicBoolean();
    try {
      Map<TableSpec, Future<?>> pending = new LinkedHashMap<>();
      writes.forEach(
          (table, write) -> {
            Future<?> before = write.after() == null ? null : pending.get(write.after());
            if (write.after() != null && before == null) {
              throw new IllegalArgumentException(
                  table.name() + " must follow " + write.after().name() + ", planned after it");
            }
            pending.put(
                table,
                pool.submit(
                    () -> {
                      if (before != null) {
                        DriverThreads.await(before, "writing " + write.after().name());
                      }
                      if (failed.get()) {
                        return; // the run failed: this table keeps its version
                      }
                      boolean committed = false;
                      try {
                        commitOne(table, write, tx, phases);
                        committed = true;
                      } finally {
                        if (!committed) {
                          failed.set(true);
                        }
                      }
                    }));
          });
      awaitAll(new ArrayList<>(pending.values()));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void commitOne(
      TableSpec table, Write write, WarehouseTransaction tx, RunPhases phases) {
    phases.time(
        "write " + table.name(),
        () -> {
          if (write.scope() == null) {
            tx.overwrite(table, write.rows());
          } else {
            tx.replace(table, write.rows(), write.scope());
          }
        });
  }

  /** Waits for every write, then rethrows the first failure. */
  private static void awaitAll(List<Future<?>> pending) {
    RuntimeException first = null;
    for (Future<?> future : pending) {
      try {
        DriverThreads.await(future, "writing the tables");
      } catch (RuntimeException failure) {
        if (first == null) {
          first = failure;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
