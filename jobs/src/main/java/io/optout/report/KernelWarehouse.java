package io.optout.report;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.And;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.optout.OptoutException;
import io.optout.schema.TableLocations;
import io.optout.schema.TableSpec;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The warehouse's Delta tables read with Delta Kernel's default engine, without Spark: the report
 * reads a few thousand rows of ten small tables, and a Spark session's start-up, planning and code
 * generation for each of its jobs were most of its time (docs/report.md). A date range goes to
 * Kernel as a predicate on the table's partition column, so only that range's files are read.
 */
final class KernelWarehouse {
  private final Engine engine;
  private final String root;

  /** Each table's latest snapshot, loaded once: every view of one report sees one version. */
  private final Map<String, Optional<Snapshot>> snapshots = new ConcurrentHashMap<>();

  KernelWarehouse(Configuration hadoop, String warehouse) {
    this.engine = DefaultEngine.create(hadoop);
    try {
      this.root = TableLocations.qualified(hadoop, warehouse);
    } catch (IOException e) {
      throw ReportErrors.badWarehouse(warehouse, e.getMessage());
    }
  }

  /** The warehouse as the report names it in messages ({@code file:/x}, {@code s3a://b/w}). */
  String root() {
    return root;
  }

  /** Whether the table has a commit. */
  boolean exists(TableSpec table) {
    return snapshot(table).isPresent();
  }

  /**
   * The rows whose {@code dateColumn} lies in [from, to], in the table's columns that {@code table}
   * declares. The range prunes the files Kernel reads when {@code dateColumn} is the partition
   * column; it is applied to every row in any case (an unpartitioned table, a foreign writer).
   */
  List<TableRow> rows(TableSpec table, String dateColumn, LocalDate from, LocalDate to) {
    Snapshot snapshot = snapshot(table).orElseThrow(() -> ReportErrors.tableMissing(table, root));
    String location = table.location(root);
    List<TableRow> rows = new ArrayList<>();
    try {
      StructType columns = declared(table, snapshot.getSchema(engine));
      TableRow.Layout layout = layout(table, columns);
      layout.position(dateColumn); // a table without its date column fails before any read
      Scan scan =
          snapshot
              .getScanBuilder(engine)
              .withReadSchema(engine, columns)
              .withFilter(engine, between(dateColumn, from, to))
              .build();
      read(scan, layout, rows);
      rows.removeIf(r -> outside(r.date(dateColumn), from, to));
    } catch (OptoutException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      // Kernel, Parquet and Hadoop fail in many unchecked ways (a corrupt footer is a plain
      // RuntimeException): whatever it is, name the table
      throw ReportErrors.cannotRead(table, location, e);
    }
    return rows;
  }

  private Optional<Snapshot> snapshot(TableSpec table) {
    return snapshots.computeIfAbsent(table.name(), name -> load(table));
  }

  private Optional<Snapshot> load(TableSpec table) {
    String location = table.location(root);
    try {
      return Optional.of(Table.forPath(engine, location).getLatestSnapshot(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw ReportErrors.cannotRead(table, location, e);
    }
  }

  /** [from, to] on the date column, as Kernel's predicate language spells it. */
  private static Predicate between(String dateColumn, LocalDate from, LocalDate to) {
    Column date = new Column(dateColumn);
    return new And(
        new Predicate(">=", date, Literal.ofDate((int) from.toEpochDay())),
        new Predicate("<=", date, Literal.ofDate((int) to.toEpochDay())));
  }

  private static boolean outside(LocalDate date, LocalDate from, LocalDate to) {
    return date == null || date.isBefore(from) || date.isAfter(to);
  }

  /** The table's columns that the spec declares, in the table's order (others are not read). */
  private static StructType declared(TableSpec table, StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (table.columnNames().contains(field.getName())) {
        fields.add(field);
      }
    }
    return new StructType(fields);
  }

  private static TableRow.Layout layout(TableSpec table, StructType columns) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < columns.length(); i++) {
      positions.put(columns.at(i).getName(), i);
    }
    return new TableRow.Layout(table.name(), positions);
  }

  /** Reads every file the scan kept, one at a time, as Kernel's guide does. */
  private void read(Scan scan, TableRow.Layout layout, List<TableRow> rows) throws IOException {
    Row scanState = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            Row file = files.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> data =
                engine
                    .getParquetHandler()
                    .readParquetFiles(
                        Utils.singletonCloseableIterator(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(engine, scanState, file, data)) {
              while (logical.hasNext()) {
                collect(logical.next(), layout, rows);
              }
            }
          }
        }
      }
    }
  }

  private static void collect(
      FilteredColumnarBatch filtered, TableRow.Layout layout, List<TableRow> rows) {
    ColumnarBatch batch = filtered.getData();
    Optional<ColumnVector> selected = filtered.getSelectionVector();
    int width = batch.getSchema().length();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue; // removed by a deletion vector
      }
      Object[] values = new Object[width];
      for (int c = 0; c < width; c++) {
        values[c] = value(layout.table(), batch.getSchema().at(c), batch.getColumnVector(c), r);
      }
      rows.add(new TableRow(layout, values));
    }
  }

  /** The Java value of one cell, for the types of the warehouse tables (docs/metrics.md). */
  private static Object value(String table, StructField field, ColumnVector vector, int r) {
    if (vector.isNullAt(r)) {
      return null;
    }
    DataType type = field.getDataType();
    if (type instanceof StringType) {
      return vector.getString(r);
    }
    if (type instanceof LongType) {
      return vector.getLong(r);
    }
    if (type instanceof IntegerType) {
      return vector.getInt(r);
    }
    if (type instanceof DoubleType) {
      return vector.getDouble(r);
    }
    if (type instanceof BooleanType) {
      return vector.getBoolean(r);
    }
    if (type instanceof DateType) {
      return LocalDate.ofEpochDay(vector.getInt(r)); // days since 1970-01-01
    }
    if (type instanceof TimestampType) {
      long micros = vector.getLong(r); // microseconds since the epoch, UTC
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    throw ReportErrors.unreadableType(table, field.getName(), type);
  }
}
