package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** App activity (the event lake) as the metrics count it. */
public final class AppEvents {
  private AppEvents() {}

  private static final String FIRST = "_first";

  /**
   * Each event once (docs/metrics.md section 2): rows sharing a non-null (app_id, event_id) are one
   * event, kept as its earliest copy (smallest event_time, then user_id, event_name, platform, a
   * null value first); every row with a null event_id is an event of its own. Columns: app_id,
   * user_id, event_id, event_name, event_time, platform.
   */
  public static Dataset<Row> countedOnce(Dataset<Row> events) {
    // min of a struct compares field by field (nulls first): a hash aggregate, no sort needed.
    Dataset<Row> identified =
        events
            .where(col(Columns.EVENT_ID).isNotNull())
            .groupBy(col(Columns.APP_ID), col(Columns.EVENT_ID))
            .agg(
                min(struct(
                        col(Columns.EVENT_TIME),
                        col(Columns.USER_ID),
                        col(Columns.EVENT_NAME),
                        col(Columns.PLATFORM)))
                    .as(FIRST))
            .select(
                col(Columns.APP_ID),
                col(FIRST + "." + Columns.USER_ID).as(Columns.USER_ID),
                col(Columns.EVENT_ID),
                col(FIRST + "." + Columns.EVENT_NAME).as(Columns.EVENT_NAME),
                col(FIRST + "." + Columns.EVENT_TIME).as(Columns.EVENT_TIME),
                col(FIRST + "." + Columns.PLATFORM).as(Columns.PLATFORM));
    Dataset<Row> anonymous =
        events
            .where(col(Columns.EVENT_ID).isNull())
            .select(
                col(Columns.APP_ID),
                col(Columns.USER_ID),
                col(Columns.EVENT_ID),
                col(Columns.EVENT_NAME),
                col(Columns.EVENT_TIME),
                col(Columns.PLATFORM));
    return identified.unionByName(anonymous);
  }
}
