package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.InputColumns;
import io.optout.schema.InputColumns.Event;
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
            .where(col(Event.EVENT_ID).isNotNull())
            .groupBy(col(InputColumns.APP_ID), col(Event.EVENT_ID))
            .agg(
                min(struct(
                        col(InputColumns.EVENT_TIME),
                        col(InputColumns.USER_ID),
                        col(Event.EVENT_NAME),
                        col(InputColumns.PLATFORM)))
                    .as(FIRST))
            .select(
                col(InputColumns.APP_ID),
                col(FIRST + "." + InputColumns.USER_ID).as(InputColumns.USER_ID),
                col(Event.EVENT_ID),
                col(FIRST + "." + Event.EVENT_NAME).as(Event.EVENT_NAME),
                col(FIRST + "." + InputColumns.EVENT_TIME).as(InputColumns.EVENT_TIME),
                col(FIRST + "." + InputColumns.PLATFORM).as(InputColumns.PLATFORM));
    Dataset<Row> anonymous =
        events
            .where(col(Event.EVENT_ID).isNull())
            .select(
                col(InputColumns.APP_ID),
                col(InputColumns.USER_ID),
                col(Event.EVENT_ID),
                col(Event.EVENT_NAME),
                col(InputColumns.EVENT_TIME),
                col(InputColumns.PLATFORM));
    return identified.unionByName(anonymous);
  }
}
