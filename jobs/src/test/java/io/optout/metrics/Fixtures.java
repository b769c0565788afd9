package io.optout.metrics;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.types.DataTypes.*;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The validated inputs the pipeline hands the metrics, as tiny in-memory frames. */
final class Fixtures {
  private Fixtures() {}

  static final StructType OPT_OUTS =
      new StructType()
          .add(Columns.APP_ID, StringType)
          .add(Columns.USER_ID, StringType)
          .add(Columns.CHANNEL, StringType)
          .add(Columns.OPT_OUT_TIME, TimestampType)
          .add(Columns.OPT_OUT_DATE, DateType)
          .add(Columns.PLATFORM, StringType)
          .add(Columns.SOURCE, StringType)
          .add(Columns.EXTERNAL_ID, StringType)
          .add(Columns.DEVICE_ID, StringType);

  /** Validated lake rows have the contract columns of the lakes, in contract order. */
  static final StructType PUSH = InputSchemas.schema(Lake.PUSH);

  static final StructType CAMPAIGNS = InputSchemas.schema(Lake.CAMPAIGN);

  static final StructType EVENTS = InputSchemas.schema(Lake.EVENT);

  /** An opt-out whose local date is given explicitly (the pipeline computes it in the zone). */
  static Object[] optOut(
      String app, String user, String channel, String instant, String localDate) {
    return new Object[] {
      app, user, channel, ts(instant), date(localDate), "ios", "settings", null, null
    };
  }

  /** An opt-out in a UTC reporting zone: its date is the UTC date of the instant. */
  static Object[] optOut(String app, String user, String channel, String instant) {
    return optOut(app, user, channel, instant, instant.substring(0, 10));
  }

  static Object[] push(
      String app, String user, String message, String campaign, String type, String instant) {
    return new Object[] {app, user, message, campaign, type, ts(instant), "ios"};
  }

  static Object[] campaign(
      String app, String id, String name, String type, String createdAt, String updatedAt) {
    return new Object[] {app, id, name, type, "push", ts(createdAt), ts(updatedAt)};
  }

  static Object[] event(String app, String user, String eventId, String name, String instant) {
    return new Object[] {app, user, eventId, name, ts(instant), "ios"};
  }

  /** ISO instant {@code iso} shifted by {@code delta} (e.g. {@code Duration.ofDays(-7)}). */
  static String shift(String iso, Duration delta) {
    return Instant.parse(iso).plus(delta).toString();
  }

  static Dataset<Row> optOuts(SparkSession spark, Object[]... rows) {
    return frame(spark, OPT_OUTS, rows);
  }

  static Dataset<Row> pushes(SparkSession spark, Object[]... rows) {
    return frame(spark, PUSH, rows);
  }

  static Dataset<Row> pushes(SparkSession spark, List<Object[]> rows) {
    return frame(spark, PUSH, rows.toArray(Object[][]::new));
  }

  static Dataset<Row> campaigns(SparkSession spark, Object[]... rows) {
    return frame(spark, CAMPAIGNS, rows);
  }

  static Dataset<Row> events(SparkSession spark, Object[]... rows) {
    return frame(spark, EVENTS, rows);
  }
}
