package io.optout.pipeline;

import io.optout.schema.TableSpec;
import io.optout.spark.DriverThreads;
import io.optout.warehouse.WarehouseTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Commits a run's tables a few at a time. Each write stays one Delta commit of its own table; the
 * transaction remembers every table's version before the first write starts, so a failure in any of
 * them rolls back all (the caller's rollback).
 */
final class TableWriters {
  /** One table's rows and the partitions they replace; a null scope replaces the whole table. */
  record Write(Dataset<Row> rows, Column scope) {}

  private final int threads;

  TableWriters(int threads) {
    this.threads = threads;
  }

  /** Commits the first table alone, then the others {@code threads} at a time. */
  void commit(Map<TableSpec, Write> writes, WarehouseTransaction tx, RunPhases phases) {
    writes.keySet().forEach(tx::track);
    writes.entrySet().stream()
        .findFirst()
        .ifPresent(first -> commitOne(first.getKey(), first.getValue(), tx, phases));
    ExecutorService pool = DriverThreads.pool("optout-writer", threads);
    try {
      List<Future<?>> pending = new ArrayList<>();
      writes.entrySet().stream()
          .skip(1)
          .forEach(
              next ->
                  pending.add(
                      pool.submit(() -> commitOne(next.getKey(), next.getValue(), tx, phases))));
      awaitAll(pending);
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
