package io.optout.metrics;

import static io.optout.schema.Columns.EVENT_TIME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The latest non-null value of a column by event_time, ties going to the greatest value: how a
 * user's identity (external_id, device_id) is carried forward, both when consent rows are
 * classified and when a consent state is taken.
 */
final class LatestNonNull {
  private LatestNonNull() {}

  /** As an aggregate over a group. */
  static Column of(String column) {
    return newest(column).getField(column);
  }

  /** Over a window of rows. */
  static Column over(String column, WindowSpec window) {
    return newest(column).over(window).getField(column);
  }

  private static Column newest(String column) {
    return max(when(col(column).isNotNull(), struct(col(EVENT_TIME), col(column))));
  }
}
