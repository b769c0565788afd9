package io.optout.spark.internal;

import org.apache.spark.sql.Column;

/**
 * A column expression as SQL text (Spark 3.5 variant), for Delta's {@code replaceWhere}, which
 * takes a string. The pipeline builds each write's scope as a {@link Column}; Spark's public API has
 * no column-to-SQL ({@code Column.toString} is display text: a date literal prints unquoted).
 */
public final class ColumnSql {
  private ColumnSql() {}

  public static String sql(Column column) {
    return column.expr().sql();
  }
}
