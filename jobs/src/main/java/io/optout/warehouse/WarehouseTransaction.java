package io.optout.warehouse;

import io.optout.schema.TableSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one run across several tables. Delta commits are atomic per table only, so the
 * version of each table is remembered before its first write; {@link #rollback()} restores every
 * table the run touched, which makes a failed run leave the warehouse as it was.
 */
public final class WarehouseTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseTransaction.class);

  private final DeltaWarehouse warehouse;
  // writes of one run may commit from several threads
  private final Map<TableSpec, Optional<Long>> before = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> rowsWritten = Collections.synchronizedMap(new LinkedHashMap<>());

  public WarehouseTransaction(DeltaWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  public void replace(TableSpec table, Dataset<Row> rows, Column scope) {
    track(table);
    rowsWritten.put(table.name(), warehouse.replace(table, rows, scope));
  }

  public void overwrite(TableSpec table, Dataset<Row> rows) {
    track(table);
    rowsWritten.put(table.name(), warehouse.overwrite(table, rows));
  }

  public Map<String, Long> rowsWritten() {
    synchronized (rowsWritten) {
      return Map.copyOf(rowsWritten);
    }
  }

  /** Remembers the table's version before the run's first write to it (once per table). */
  public void track(TableSpec table) {
    synchronized (before) {
      if (!before.containsKey(table)) {
        before.put(table, warehouse.version(table));
      }
    }
  }

  /** Restores every table written so far to its version before the run (dropping new ones). */
  public void rollback() {
    Map<TableSpec, Optional<Long>> tracked;
    synchronized (before) {
      tracked = new LinkedHashMap<>(before);
    }
    tracked.forEach(
        (table, version) -> {
          try {
            if (version.isPresent()) {
              if (!warehouse.version(table).equals(version)) {
                warehouse.restore(table, version.get());
              }
            } else if (warehouse.exists(table)) {
              warehouse.drop(table);
            }
          } catch (RuntimeException e) {
            LOG.error("rollback of {} failed: {}", table.name(), e.getMessage());
          }
        });
  }
}
