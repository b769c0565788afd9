package io.optout.report;

import java.time.LocalDate;
import java.util.Map;

/**
 * One row of a warehouse table as the report reads it: its values by column name, Java types
 * (String, Integer, Long, Double, Boolean, LocalDate, Instant), null where the row has none.
 */
final class TableRow {
  /** The columns read from one table, by name: shared by all rows of one read. */
  record Layout(String table, Map<String, Integer> positions) {
    Layout {
      positions = Map.copyOf(positions);
    }

    int position(String column) {
      Integer position = positions.get(column);
      if (position == null) {
        throw ReportErrors.columnMissing(table, column);
      }
      return position;
    }
  }

  private final Layout layout;
  private final Object[] values;

  TableRow(Layout layout, Object[] values) {
    this.layout = layout;
    this.values = values;
  }

  Object value(String column) {
    return values[layout.position(column)];
  }

  String string(String column) {
    return (String) value(column);
  }

  LocalDate date(String column) {
    return (LocalDate) value(column);
  }

  Integer integer(String column) {
    Number value = (Number) value(column);
    return value == null ? null : value.intValue();
  }

  Double decimal(String column) {
    Number value = (Number) value(column);
    return value == null ? null : value.doubleValue();
  }

  /** A count column's value, 0 when null: SQL's sum skips nulls, and so do the report's sums. */
  long count(String column) {
    Number value = (Number) value(column);
    return value == null ? 0 : value.longValue();
  }

  /** True only for a true value: a null flag selects nothing, as in a SQL filter. */
  boolean isTrue(String column) {
    return Boolean.TRUE.equals(value(column));
  }
}
