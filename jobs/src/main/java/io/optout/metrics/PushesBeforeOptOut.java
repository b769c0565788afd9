package io.optout.metrics;

import static org.apache.spark.sql.functions.col;

import io.optout.schema.InputColumns;
import io.optout.schema.InputColumns.Push;
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
        push.where(col(Push.EVENT_TYPE).isin(eventTypes.toArray()))
            .select(
                col(InputColumns.APP_ID),
                col(InputColumns.USER_ID),
                col(Push.MESSAGE_ID),
                col(Push.CAMPAIGN_ID),
                col(Push.EVENT_TYPE),
                col(InputColumns.EVENT_TIME));
    return keys.join(candidates, new String[] {InputColumns.APP_ID, InputColumns.USER_ID})
        .where(TimeWindows.inDaysBefore(col(InputColumns.EVENT_TIME), OptOutKey.time(), days));
  }
}
