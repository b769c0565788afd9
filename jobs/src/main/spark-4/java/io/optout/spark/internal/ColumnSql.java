package io.optout.spark.internal;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.classic.ColumnNodeToExpressionConverter$;

/**
 * A column expression as SQL text (Spark 4 variant: a column holds a node that the classic session
 * turns into an expression), for Delta's {@code replaceWhere}, which takes a string. The pipeline
 * builds each write's scope as a {@link Column}; Spark's public API has no column-to-SQL.
 */
public final class ColumnSql {
  private ColumnSql() {}

  public static String sql(Column column) {
    // the node as the classic session turns it into an expression (ExpressionUtils.expression only
    // wraps it, and that wrapper's SQL names the wrapper)
    return ColumnNodeToExpressionConverter$.MODULE$.apply(column.node()).sql();
  }
}
