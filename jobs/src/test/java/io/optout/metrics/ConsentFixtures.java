package io.optout.metrics;

import static io.optout.testing.DataFrames.*;

import io.optout.config.Lake;
import io.optout.schema.InputSchemas;
import io.optout.schema.tables.ConsentStateTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds small consent frames: rows of (app, user, external_id, device_id, channel, status, time,
 * source, platform).
 */
final class ConsentFixtures {
  private ConsentFixtures() {}

  static Object[] row(
      String app,
      String user,
      String ext,
      String dev,
      String channel,
      String status,
      String time,
      String source,
      String platform) {
    return new Object[] {app, user, ext, dev, channel, status, ts(time), source, platform};
  }

  static Object[] row(String user, String channel, String status, String time) {
    return row("a1", user, null, null, channel, status, time, null, null);
  }

  static Dataset<Row> consent(SparkSession spark, Object[]... rows) {
    return frame(spark, InputSchemas.schema(Lake.CONSENT), rows);
  }

  static Dataset<Row> noPriorState(SparkSession spark) {
    return spark.createDataFrame(java.util.List.of(), ConsentStateTable.SPEC.schema());
  }

  static Dataset<Row> priorState(SparkSession spark, Object[]... rows) {
    return frame(spark, ConsentStateTable.SPEC.schema(), rows);
  }
}
