package io.optout.ops;

import static io.optout.testing.DataFrames.frame;
import static io.optout.testing.DataFrames.ts;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes tiny lakes the way upstream producers do: one Spark write per batch, partitioned by dt.
 */
public final class InputBatches {
  private InputBatches() {}

  private static final StructType ROWS =
      new StructType()
          .add("app_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("dt", DataTypes.StringType);

  /** Appends {@code rows} rows of date {@code dt} as exactly one new file in {@code dt=...}. */
  public static void appendBatch(
      SparkSession spark, String format, String path, String dt, int rows) {
    Object[][] data = new Object[rows][];
    for (int i = 0; i < rows; i++) {
      data[i] = new Object[] {"app1", "u" + i, ts(dt + "T10:00:00Z"), dt};
    }
    frame(spark, ROWS, data)
        .coalesce(1)
        .write()
        .format(format)
        .mode(SaveMode.Append)
        .partitionBy("dt")
        .save(path);
  }

  /** The unpartitioned campaign dimension: {@code rows} rows in one file. */
  public static void writeCampaigns(SparkSession spark, String path, int rows) {
    Object[][] data = new Object[rows][];
    for (int i = 0; i < rows; i++) {
      data[i] = new Object[] {"app1", "c" + i, ts("2024-01-01T00:00:00Z"), "2024-01-01"};
    }
    frame(spark, ROWS, data).drop("dt").coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
  }
}
