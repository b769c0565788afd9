package io.optout.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A lake and warehouse on local disk for pipeline tests: rows in the contract schema are written as
 * Parquet, event lakes partitioned by dt (UTC date of event_time).
 */
public final class LakeFixture {
  private final SparkSession spark;
  private final Path root;

  public LakeFixture(SparkSession spark, Path root) {
    this.spark = spark;
    this.root = root;
  }

  /** A copy of this lake and its warehouse under {@code dir}, for a test that changes them. */
  public LakeFixture copyTo(Path dir) {
    try {
      FileUtils.copyDirectory(root.toFile(), dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LakeFixture(spark, dir);
  }

  public String lakePath(Lake lake) {
    return root.resolve("lake").resolve(lake.key()).toString();
  }

  public String warehouse() {
    return root.resolve("warehouse").toString();
  }

  /** Appends rows (in the contract schema of the lake) to the lake. */
  public LakeFixture append(Lake lake, Object[]... rows) {
    return append(lake, DataFrames.frame(spark, InputSchemas.schema(lake), rows));
  }

  public LakeFixture append(Lake lake, Dataset<Row> rows) {
    if (lake.partitionedByDt()) {
      rows.withColumn(Columns.DT, to_date(col(Columns.EVENT_TIME)).cast("string"))
          .write()
          .mode("append")
          .partitionBy(Columns.DT)
          .parquet(lakePath(lake));
    } else {
      rows.write().mode("append").parquet(lakePath(lake));
    }
    return this;
  }

  /** Makes every lake exist, empty where nothing was appended. */
  public LakeFixture ensureAllLakes() {
    for (Lake lake : Lake.values()) {
      if (!new java.io.File(lakePath(lake)).exists()) {
        append(lake, spark.createDataFrame(java.util.List.of(), InputSchemas.schema(lake)));
      }
    }
    return this;
  }

  /** Configuration pointing at this lake and warehouse, with extra overrides. */
  public OptoutConfig config(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>();
    all.put("optout.warehouse", warehouse());
    for (Lake lake : Lake.values()) {
      all.put("optout.lakes." + lake.key() + ".path", lakePath(lake));
    }
    all.putAll(overrides);
    return ConfigLoader.withOverrides(all);
  }

  public OptoutConfig config() {
    return config(Map.of());
  }

  /** The same overrides as -D command-line options, for CLI tests. */
  public String[] cliOverrides() {
    java.util.List<String> args = new java.util.ArrayList<>();
    args.add("-Doptout.warehouse=" + warehouse());
    for (Lake lake : Lake.values()) {
      args.add("-Doptout.lakes." + lake.key() + ".path=" + lakePath(lake));
    }
    return args.toArray(String[]::new);
  }
}
