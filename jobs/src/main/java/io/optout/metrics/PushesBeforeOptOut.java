package io.optout.metrics;

import static org.apache.spark.sql.functions.col;

import io.optout.schema.Columns;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The push events of the user of each opt-out key in the {@code days} days before it, {@code [T -
 * days*24h, T)}, of the given event types. Equi-joined on (app_id, user_id), so its cost grows with
 * each user's pushes, never with users times pushes.
 */
final class PushesBeforeOptOut {
  private PushesBeforeOptOut() {}

  /** Columns: app_id, user_id, opt_out_time, message_id, campaign_id, event_type, event_time. */
  static Dataset<Row> of(Dataset<Row> keys, Dataset<Row> push, int days, List<String> eventTypes) {
    Dataset<Row> candidates =
        push.where(col(Columns.EVENT_TYPE).isin(eventTypes.toArray()))
            .select(
                col(Columns.APP_ID),
                col(Columns.USER_ID),
                col(Columns.MESSAGE_ID),
                col(Columns.CAMPAIGN_ID),
                col(Columns.EVENT_TYPE),
                col(Columns.EVENT_TIME));
    return keys.join(candidates, new String[] {Columns.APP_ID, Columns.USER_ID})
        .where(TimeWindows.inDaysBefore(col(Columns.EVENT_TIME), OptOutKey.time(), days));
  }
}
