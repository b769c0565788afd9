package io.optout.export;

import static io.optout.testing.DataFrames.date;
import static io.optout.testing.DataFrames.frame;
import static io.optout.testing.DataFrames.ts;

import io.optout.schema.Columns;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.FactsTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tiny optout_facts and optout_consent_state frames and tables, as the pipeline would write them.
 */
public final class ExportFixtures {
  private ExportFixtures() {}

  /** A facts row (UTC reporting zone: opt_out_date is the UTC date); metric columns filled. */
  public static Object[] fact(
      String app, String user, String channel, String time, String externalId, String deviceId) {
    return factWithMetrics(app, user, channel, time, externalId, deviceId, 3, "c1");
  }

  /**
   * A facts row whose metric columns (push count, campaigns) are given: they vary with chart
   * settings.
   */
  public static Object[] factWithMetrics(
      String app,
      String user,
      String channel,
      String time,
      String externalId,
      String deviceId,
      int pushes,
      String campaign) {
    String day = Instant.parse(time).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    return new Object[] {
      app,
      user,
      channel,
      ts(time),
      date(day),
      "ios",
      "settings",
      externalId,
      deviceId,
      pushes,
      campaign,
      campaign
    };
  }

  public static Object[] state(
      String app, String user, String channel, String status, String time) {
    return new Object[] {app, user, channel, status, ts(time), null, null};
  }

  public static Dataset<Row> facts(SparkSession spark, List<Object[]> rows) {
    return frame(spark, FactsTable.SPEC.schema(), rows.toArray(Object[][]::new));
  }

  public static Dataset<Row> states(SparkSession spark, List<Object[]> rows) {
    return frame(spark, ConsentStateTable.SPEC.schema(), rows.toArray(Object[][]::new));
  }

  /** Writes (a new version of) both tables under the warehouse: consent state first, then facts. */
  public static void writeRun(
      SparkSession spark, Path warehouse, List<Object[]> facts, List<Object[]> states) {
    ConsentStateTable.SPEC
        .conform(states(spark, states))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.resolve(ConsentStateTable.NAME).toString());
    FactsTable.SPEC
        .conform(facts(spark, facts))
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy(Columns.OPT_OUT_DATE)
        .save(warehouse.resolve(FactsTable.NAME).toString());
  }
}
