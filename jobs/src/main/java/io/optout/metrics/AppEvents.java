package io.optout.metrics;

import static org.apache.spark.sql.functions.*;

import io.optout.schema.InputColumns;
import io.optout.schema.InputColumns.Event;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** App activity (the event lake) as the metrics count it. */
public final class AppEvents {
  private AppEvents() {}

  private static final String RANK = "_rank";

  /**
   * Each event once (SPEC section 2): rows sharing a non-null (app_id, event_id) are one event,
   * kept as its earliest occurrence (event_time, then user_id, event_name, platform, nulls
   * first); every row with a null event_id is an event of its own.
   */
  public static Dataset<Row> countedOnce(Dataset<Row> events) {
    WindowSpec sameEvent =
        Window.partitionBy(col(InputColumns.APP_ID), col(Event.EVENT_ID))
            .orderBy(
                col(InputColumns.EVENT_TIME),
                col(InputColumns.USER_ID),
                col(Event.EVENT_NAME),
                col(InputColumns.PLATFORM));
    Dataset<Row> identified =
        events
            .where(col(Event.EVENT_ID).isNotNull())
            .withColumn(RANK, row_number().over(sameEvent))
            .where(col(RANK).equalTo(1))
            .drop(RANK);
    return identified.unionByName(events.where(col(Event.EVENT_ID).isNull()));
  }
}
