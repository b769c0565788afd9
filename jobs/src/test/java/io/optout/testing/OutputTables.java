package io.optout.testing;

import io.optout.schema.TableSpec;
import io.optout.spark.ColumnRanges;
import io.optout.warehouse.DeltaWarehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Output tables written by the pipeline's own writer ({@link DeltaWarehouse}): created from the
 * {@link TableSpec} (schema, comments, partitioning), then each write replaces its date window.
 * Used by the maintenance, registration and Delta Kernel tests.
 */
public final class OutputTables {
  private OutputTables() {}

  /** Creates the table under {@code warehouse} when it is missing. */
  public static void create(SparkSession spark, TableSpec spec, String warehouse) {
    new DeltaWarehouse(spark, warehouse).ensure(spec);
  }

  /**
   * Replaces the rows of [from, to] (by partition column) with {@code rows}; unpartitioned tables
   * are replaced whole.
   */
  public static void replace(
      SparkSession spark,
      TableSpec spec,
      String warehouse,
      Dataset<Row> rows,
      LocalDate from,
      LocalDate to) {
    DeltaWarehouse tables = new DeltaWarehouse(spark, warehouse);
    if (spec.partitionColumn() == null) {
      tables.overwrite(spec, rows);
    } else {
      tables.replace(
          spec, rows, ColumnRanges.datesIn(functions.col(spec.partitionColumn()), from, to));
    }
  }

  /**
   * {@code n} rows with a value of the right type in every column (nulls in the last row's optional
   * text columns included), on {@code day} in the partition column.
   */
  public static Dataset<Row> sampleRows(SparkSession spark, TableSpec spec, int n, LocalDate day) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Object[] values = new Object[spec.columns().size()];
      for (int c = 0; c < values.length; c++) {
        StructField field = spec.schema().fields()[c];
        values[c] =
            field.name().equals(spec.partitionColumn())
                ? Date.valueOf(day)
                : value(field, r, n, day);
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, spec.schema());
  }

  private static Object value(StructField field, int r, int n, LocalDate day) {
    DataType type = field.dataType();
    if (type.equals(DataTypes.StringType)) {
      if (field.name().equals("app_id")) {
        return "app-" + (r % 2);
      }
      return r == n - 1 && !field.name().endsWith("_id") ? null : field.name() + "-" + r;
    }
    if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(day.minusDays(r));
    }
    if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(
          day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3_600L * r + 1));
    }
    if (type.equals(DataTypes.IntegerType)) {
      return r;
    }
    if (type.equals(DataTypes.LongType)) {
      return 10L * r;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return r / 4.0;
    }
    if (type.equals(DataTypes.BooleanType)) {
      return r % 2 == 0;
    }
    if (type instanceof MapType) {
      return scala.collection.JavaConverters.mapAsScalaMapConverter(
              Map.of("consent", (long) r, "push", 2L * r))
          .asScala()
          .toMap(scala.Predef$.MODULE$.$conforms());
    }
    if (type instanceof org.apache.spark.sql.types.ArrayType) {
      return scala.collection.JavaConverters.asScalaBuffer(
              java.util.List.of(field.name() + "-" + r))
          .toList();
    }
    throw new IllegalArgumentException("no sample value for " + field.name() + " of type " + type);
  }
}
