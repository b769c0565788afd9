package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Columns;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** App activity (the event lake) as the metrics count it. */
public final class AppEvents {
  private AppEvents() {}

  private static final String FIRST = "_first";

  /**
   * The order {@link #countedOnce} keeps the earliest copy of an event id by, for rows with the
   * event columns: event_time, then user_id, event_name, platform, a null first; strings compared
   * by their UTF-8 bytes, as Spark compares them. For a reader that decides the copies itself (the
   * event lake's accounting pass, lake/LakeIntake).
   */
  public static Comparator<Row> earliestCopy() {
    return new EarliestCopy();
  }

  private static final class EarliestCopy implements Comparator<Row>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Row a, Row b) {
      int byTime =
          nullsFirst(
              a.<Timestamp>getAs(Columns.EVENT_TIME),
              b.<Timestamp>getAs(Columns.EVENT_TIME),
              Timestamp::compareTo);
      if (byTime != 0) {
        return byTime;
      }
      for (String column : new String[] {Columns.USER_ID, Columns.EVENT_NAME, Columns.PLATFORM}) {
        int byText =
            nullsFirst(a.<String>getAs(column), b.<String>getAs(column), EarliestCopy::utf8);
        if (byText != 0) {
          return byText;
        }
      }
      return 0;
    }

    private static int utf8(String a, String b) {
      // Spark's order of strings: their UTF-8 bytes, unsigned
      return Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> int nullsFirst(T a, T b, Comparator<T> order) {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : -1) : 1;
      }
      return order.compare(a, b);
    }
  }

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
