package io.optout.schema;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An output Delta table: name, the date column it is partitioned by (null for none), the comment a
 * BI user sees, and its columns in order with their types and comments.
 */
public record TableSpec(
    String name, String partitionColumn, String comment, List<ColumnSpec> columns) {

  /** One column of an output table. */
  public record ColumnSpec(String name, DataType type, String comment) {}

  /** A column of a table definition: its name (a {@link Columns} constant), type and comment. */
  public static ColumnSpec column(String name, DataType type, String comment) {
    return new ColumnSpec(name, type, comment);
  }

  public TableSpec {
    columns = List.copyOf(columns);
  }

  public StructType schema() {
    return new StructType(
        columns.stream()
            .map(c -> new StructField(c.name(), c.type(), true, commentOf(c.comment())))
            .toArray(StructField[]::new));
  }

  /** Where this table lives under a warehouse folder or URI: see {@link TableLocations}. */
  public String location(String warehouse) {
    return TableLocations.of(warehouse, name);
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** The frame with exactly this table's columns, in order, cast to the table's types. */
  public Dataset<Row> conform(Dataset<Row> frame) {
    Column[] select =
        columns.stream()
            .map(c -> functions.col(c.name()).cast(c.type()).as(c.name()))
            .toArray(Column[]::new);
    return frame.select(select);
  }

  private static Metadata commentOf(String comment) {
    return new MetadataBuilder().putString("comment", comment).build();
  }
}
