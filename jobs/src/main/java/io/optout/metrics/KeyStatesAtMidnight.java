package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The state of every key (app_id, user_id, channel) at start(d) for each day d of a window
 * (docs/metrics.md section 8, docs/insights.md): the status of the key's last consent row strictly
 * before local midnight, rows ordered as in docs/metrics.md section 3. A key without such a row has
 * no state that day.
 *
 * <p>Kept compact as intervals: one row per key and run of days with the same last row, {@code
 * status} holding on every day of {@code [from_day, to_day]}. A consent row at instant t decides
 * the state from the day after its local date on, so the rows of one local date collapse into the
 * last of them, and every row before the window into the last one before it.
 */
public final class KeyStatesAtMidnight {
  /** First day of an interval; the key columns and {@code status} keep their consent-lake names. */
  public static final String FROM_DAY = "from_day";

  /** Last day of an interval (inclusive). */
  public static final String TO_DAY = "to_day";

  private static final String ORDER = "_order";
  private static final String EFFECTIVE = "_effective_day";

  private KeyStatesAtMidnight() {}

  /**
   * Intervals of the days of {@code days}: {@code prior} is the state before the first row of
   * {@code consent} (a consent checkpoint, empty when {@code consent} is the whole history).
   * Columns: app_id, user_id, channel, status, from_day, to_day.
   */
  public static Dataset<Row> of(Dataset<Row> prior, Dataset<Row> consent, LocalDays days) {
    Dataset<Row> fromPrior =
        prior.select(
            col(APP_ID),
            col(USER_ID),
            col(CHANNEL),
            col(STATUS),
            days.fromDate().as(EFFECTIVE),
            order(lit(0), lit(null).cast("timestamp"), nullOrder()).as(ORDER));
    Dataset<Row> fromRows =
        consent
            .select(
                col(APP_ID),
                col(USER_ID),
                col(CHANNEL),
                col(STATUS),
                greatest(date_add(days.dateOf(col(EVENT_TIME)), 1), days.fromDate()).as(EFFECTIVE),
                order(lit(1), col(EVENT_TIME), historyTail()).as(ORDER))
            .where(col(EFFECTIVE).leq(days.toDate()));
    Dataset<Row> lastPerDay =
        fromPrior
            .unionByName(fromRows)
            .groupBy(col(APP_ID), col(USER_ID), col(CHANNEL), col(EFFECTIVE))
            .agg(max_by(col(STATUS), col(ORDER)).as(STATUS));
    Column next =
        lead(col(EFFECTIVE), 1)
            .over(Window.partitionBy(APP_ID, USER_ID, CHANNEL).orderBy(EFFECTIVE));
    return lastPerDay.select(
        col(APP_ID),
        col(USER_ID),
        col(CHANNEL),
        col(STATUS),
        col(EFFECTIVE).as(FROM_DAY),
        coalesce(date_sub(next, 1), days.toDate()).as(TO_DAY));
  }

  /** The history order of docs/metrics.md section 3 as one comparable struct: greatest = last. */
  private static Column order(Column fromConsent, Column eventTime, Column[] tail) {
    List<Column> fields = new ArrayList<>();
    fields.add(fromConsent.as("from_consent"));
    fields.add(eventTime.as(EVENT_TIME));
    for (int i = 0; i < tail.length; i++) {
      fields.add(tail[i].as("k" + i));
    }
    return struct(fields.toArray(Column[]::new));
  }

  /** {@link ConsentChanges#historyOrder()} after event_time. */
  private static Column[] historyTail() {
    Column[] order = ConsentChanges.historyOrder();
    Column[] tail = new Column[order.length - 1];
    System.arraycopy(order, 1, tail, 0, tail.length);
    return tail;
  }

  /** Nulls of the tail's types, for the prior rows (which lose to any consent row anyway). */
  private static Column[] nullOrder() {
    Column[] tail = historyTail();
    Column[] nulls = new Column[tail.length];
    nulls[0] = lit(null).cast("int");
    for (int i = 1; i < tail.length; i++) {
      nulls[i] = lit(null).cast("string");
    }
    return nulls;
  }
}
