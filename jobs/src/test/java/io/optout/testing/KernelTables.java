package io.optout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.optout.schema.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads Delta tables with Delta Kernel, Delta's reader for engines other than Spark (what Trino,
 * Flink and others build on), and compares with what Spark reads. A table feature Kernel cannot
 * read (deletion vectors it does not know, a newer protocol...) fails here, not in a BI tool.
 */
public final class KernelTables {
  private KernelTables() {}

  /**
   * Every table of the list that exists under the warehouse reads the same in Kernel and Spark;
   * returns how many were checked.
   */
  public static int assertKernelReadsWhatSparkReads(
      SparkSession spark, String warehouse, List<TableSpec> tables) {
    return TwoAtATime.filter(tables, table -> kernelReadsWhatSparkReads(spark, warehouse, table))
        .size();
  }

  /** Asserts Kernel and Spark read the same rows of {@code table}; false when it does not exist. */
  private static boolean kernelReadsWhatSparkReads(
      SparkSession spark, String warehouse, TableSpec table) {
    String path = table.location(warehouse);
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      return false;
    }
    assertEquals(
        sparkRows(spark, path),
        kernelRows(spark.sparkContext().hadoopConfiguration(), path),
        table.name() + ": Delta Kernel reads other rows than Spark");
    return true;
  }

  /**
   * Rows of the latest version, each as the canonical text of its values in schema order, sorted.
   */
  public static List<String> sparkRows(SparkSession spark, String path) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark.read().format("delta").load(path).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(
            canonical(
                row.isNullAt(i)
                    ? null
                    : row.get(i) instanceof scala.collection.Map<?, ?>
                        ? row.getJavaMap(i)
                        : row.get(i)));
      }
      rows.add(String.join("|", values));
    }
    rows.sort(null);
    return rows;
  }

  /** Column comments as Kernel sees them (BI engines show these). */
  public static Map<String, String> kernelColumnComments(Configuration hadoopConf, String path) {
    Engine engine = DefaultEngine.create(hadoopConf);
    StructType schema = Table.forPath(engine, path).getLatestSnapshot(engine).getSchema(engine);
    Map<String, String> comments = new TreeMap<>();
    for (StructField field : schema.fields()) {
      comments.put(field.getName(), field.getMetadata().getString("comment"));
    }
    return comments;
  }

  /** Same as {@link #sparkRows}, read with Delta Kernel's default engine (no Spark involved). */
  public static List<String> kernelRows(Configuration hadoopConf, String path) {
    Engine engine = DefaultEngine.create(hadoopConf);
    Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    Scan scan = snapshot.getScanBuilder(engine).build();
    io.delta.kernel.data.Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> files = scanFiles.next().getRows()) {
          while (files.hasNext()) {
            io.delta.kernel.data.Row file = files.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> physical =
                engine
                    .getParquetHandler()
                    .readParquetFiles(single(status), physicalSchema, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> data =
                Scan.transformPhysicalData(engine, scanState, file, physical)) {
              while (data.hasNext()) {
                collect(data.next(), rows);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  private static void collect(FilteredColumnarBatch filtered, List<String> rows) {
    ColumnarBatch batch = filtered.getData();
    Optional<ColumnVector> selection = filtered.getSelectionVector();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selection.isPresent()
          && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) {
        continue; // deleted by a deletion vector
      }
      List<String> values = new ArrayList<>();
      for (int c = 0; c < batch.getSchema().length(); c++) {
        values.add(canonical(value(batch.getColumnVector(c), r)));
      }
      rows.add(String.join("|", values));
    }
  }

  private static Object value(ColumnVector vector, int r) {
    if (vector.isNullAt(r)) {
      return null;
    }
    io.delta.kernel.types.DataType type = vector.getDataType();
    if (type instanceof io.delta.kernel.types.StringType) {
      return vector.getString(r);
    }
    if (type instanceof io.delta.kernel.types.IntegerType) {
      return vector.getInt(r);
    }
    if (type instanceof io.delta.kernel.types.LongType) {
      return vector.getLong(r);
    }
    if (type instanceof io.delta.kernel.types.DoubleType) {
      return vector.getDouble(r);
    }
    if (type instanceof io.delta.kernel.types.BooleanType) {
      return vector.getBoolean(r);
    }
    if (type instanceof io.delta.kernel.types.DateType) {
      return LocalDate.ofEpochDay(vector.getInt(r)); // days since epoch
    }
    if (type instanceof io.delta.kernel.types.TimestampType) {
      long micros = vector.getLong(r); // microseconds since epoch, UTC
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    if (type instanceof io.delta.kernel.types.MapType) {
      MapValue map = vector.getMap(r);
      Map<Object, Object> entries = new TreeMap<>();
      for (int i = 0; i < map.getSize(); i++) {
        entries.put(value(map.getKeys(), i), value(map.getValues(), i));
      }
      return entries;
    }
    if (type instanceof io.delta.kernel.types.ArrayType) {
      io.delta.kernel.data.ArrayValue array = vector.getArray(r);
      java.util.List<Object> elements = new java.util.ArrayList<>();
      for (int i = 0; i < array.getSize(); i++) {
        elements.add(value(array.getElements(), i));
      }
      return elements;
    }
    throw new IllegalArgumentException(
        "Kernel value of type " + type + " not handled by this test reader");
  }

  /** One text form for both readers: dates ISO, timestamps as UTC instants, maps sorted by key. */
  private static String canonical(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return canonical(scala.collection.JavaConverters.seqAsJavaList(seq));
    }
    if (value instanceof java.util.List<?> list) {
      return list.stream().map(KernelTables::canonical).collect(Collectors.joining(",", "[", "]"));
    }
    if (value instanceof Map<?, ?> m) {
      return new TreeMap<>(m)
          .entrySet().stream()
              .map(e -> canonical(e.getKey()) + "=" + canonical(e.getValue()))
              .collect(Collectors.joining(",", "{", "}"));
    }
    return value.toString();
  }

  private static CloseableIterator<FileStatus> single(FileStatus status) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(status);
  }

  /**
   * A guard for callers that expect tables: zero checked tables means the warehouse path is wrong.
   */
  public static void assertSomeChecked(int checked) {
    assertTrue(checked > 0, "no output table found to check");
  }
}
