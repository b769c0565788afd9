package io.optout.ops;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.optout.schema.tables.DailyTable;
import io.optout.testing.LocalS3;
import io.optout.testing.S3Server;
import io.optout.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark with the lean S3A dependencies (no AWS SDK bundle) against a real S3 server on loopback:
 * Parquet and Delta round trips, Delta's replaceWhere overwrite and time travel on s3a://.
 */
@SparkTest
@ExtendWith(LocalS3.class)
class S3StorageTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("day", DataTypes.DateType)
          .add("app_id", DataTypes.StringType)
          .add("n", DataTypes.LongType);

  private static Dataset<Row> rows(SparkSession spark, Object[]... rows) {
    return frame(spark, SCHEMA, rows);
  }

  @Test
  void parquetRoundTripGoesThroughTheServer(SparkSession spark, S3Server s3) {
    LocalS3.configure(spark, s3);
    String root = s3.bucket("parquet-roundtrip");
    Dataset<Row> written =
        rows(
            spark,
            new Object[] {date("2024-03-01"), "a", 1L},
            new Object[] {date("2024-03-02"), "b", 2L});

    written.write().partitionBy("day").mode("overwrite").parquet(root + "/lake/t");

    assertSameRows(written, spark.read().parquet(root + "/lake/t").select("day", "app_id", "n"));
    assertTrue(
        s3.keys("parquet-roundtrip", "lake/t/day=2024-03-01/").stream()
            .anyMatch(k -> k.endsWith(".parquet")),
        "the partition's Parquet file is in the bucket");
  }

  @Test
  void deltaCreateReplaceWhereAndTimeTravel(SparkSession spark, S3Server s3) {
    LocalS3.configure(spark, s3);
    String path = s3.bucket("delta-roundtrip") + "/warehouse/daily";
    DeltaTable.createIfNotExists(spark)
        .location(path)
        .addColumns(SCHEMA)
        .partitionedBy("day")
        .comment("test table")
        .execute(); // version 0
    rows(
            spark,
            new Object[] {date("2024-03-01"), "a", 1L},
            new Object[] {date("2024-03-02"), "a", 2L})
        .write()
        .format("delta")
        .mode("append")
        .save(path); // version 1
    rows(
            spark,
            new Object[] {date("2024-03-02"), "a", 20L},
            new Object[] {date("2024-03-02"), "b", 5L})
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "day = DATE'2024-03-02'")
        .save(path); // version 2

    assertRows(
        spark.read().format("delta").load(path).select("day", "app_id", "n"),
        "[2024-03-01,a,1]",
        "[2024-03-02,a,20]",
        "[2024-03-02,b,5]");
    assertRows(
        spark
            .read()
            .format("delta")
            .option("versionAsOf", 1)
            .load(path)
            .select("day", "app_id", "n"),
        "[2024-03-01,a,1]",
        "[2024-03-02,a,2]");
    assertEquals(
        java.util.List.of(
            "warehouse/daily/_delta_log/00000000000000000000.json",
            "warehouse/daily/_delta_log/00000000000000000001.json",
            "warehouse/daily/_delta_log/00000000000000000002.json"),
        s3.keys("delta-roundtrip", "warehouse/daily/_delta_log/").stream()
            .filter(k -> k.endsWith(".json"))
            .sorted()
            .toList(),
        "one commit per version, written to the bucket");
  }

  @Test
  void csvAndDeltaOnS3AreByteAndRowIdenticalToLocalDisk(
      SparkSession spark, S3Server s3, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    LocalS3.configure(spark, s3);
    String bucket = s3.bucket("same-as-local");
    String local =
        dir.toString(); // a plain path: Delta treats file:///x and file:/x as different locations
    Dataset<Row> rows =
        rows(
            spark,
            new Object[] {date("2024-03-01"), "a", 1L},
            new Object[] {date("2024-03-02"), "b,\"quoted\"", 2L});
    var spec = DailyTable.SPEC;
    for (String root : new String[] {bucket, local}) {
      rows.coalesce(1)
          .write()
          .option("header", "true")
          .mode("overwrite")
          .csv(root + "/exports/out.csv");
      io.optout.testing.OutputTables.create(spark, spec, root + "/warehouse");
      io.optout.testing.OutputTables.replace(
          spark,
          spec,
          root + "/warehouse",
          io.optout.testing.OutputTables.sampleRows(
              spark, spec, 3, java.time.LocalDate.parse("2024-03-01")),
          java.time.LocalDate.parse("2024-03-01"),
          java.time.LocalDate.parse("2024-03-01"));
    }

    var onS3 = io.optout.testing.WarehouseComparison.files(spark, bucket + "/exports/out.csv");
    assertEquals(1, onS3.size(), onS3.keySet().toString());
    assertTrue(
        onS3.firstEntry().getValue().startsWith("day,app_id,n\n2024-03-01,a,1\n"),
        onS3.firstEntry().getValue());
    assertEquals(
        io.optout.testing.WarehouseComparison.files(spark, local + "/exports/out.csv"), onS3);
    assertSameRows(
        io.optout.testing.WarehouseComparison.comparable(
            spark, spec, local + "/warehouse", java.util.Set.of()),
        io.optout.testing.WarehouseComparison.comparable(
            spark, spec, bucket + "/warehouse", java.util.Set.of()));
    assertEquals(
        1,
        io.optout.testing.KernelTables.assertKernelReadsWhatSparkReads(
            spark, bucket + "/warehouse", io.optout.schema.Tables.all()),
        "Delta Kernel reads the table on S3 through S3A");
  }
}
