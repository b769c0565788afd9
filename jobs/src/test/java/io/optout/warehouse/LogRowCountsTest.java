package io.optout.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import io.optout.testing.SparkTest;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class LogRowCountsTest {
  @Test
  void countsTheRowsOfTheLatestVersionOnlyFromTheLog(SparkSession spark, @TempDir Path dir) {
    String table = dir.resolve("t").toUri().toString();
    LogRowCounts counts = new LogRowCounts(spark.sparkContext().hadoopConfiguration());
    // ids 0..5, partitioned by id % 2: 3 even and 3 odd
    spark
        .range(6)
        .withColumn("p", col("id").mod(2))
        .write()
        .format("delta")
        .partitionBy("p")
        .save(table);
    assertEquals(OptionalLong.of(6), counts.rows(table));

    spark
        .range(10, 14)
        .withColumn("p", col("id").mod(2))
        .write()
        .format("delta")
        .mode("append")
        .save(table);
    assertEquals(OptionalLong.of(10), counts.rows(table), "6 + 4 appended");

    // the even partition (0, 2, 4, 10, 12) is replaced by one row: 5 odd rows stay
    spark
        .range(20, 21)
        .withColumn("p", col("id").mod(2))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "p = 0")
        .save(table);
    assertEquals(OptionalLong.of(6), counts.rows(table), "removed files no longer count");
  }

  @Test
  void isEmptyWhenAFileHasNoRowCountInTheLog(SparkSession spark, @TempDir Path dir) {
    String table = dir.resolve("t").toUri().toString();
    SparkSession noStats = spark.newSession();
    noStats.conf().set("spark.databricks.delta.stats.collect", "false");
    spark.range(3).write().format("delta").save(table);
    noStats.range(2).write().format("delta").mode("append").save(table);

    assertEquals(
        OptionalLong.empty(),
        new LogRowCounts(spark.sparkContext().hadoopConfiguration()).rows(table));
  }

  @Test
  void isEmptyWhenADeletionVectorHidesRowsOfAFile(SparkSession spark, @TempDir Path dir) {
    String table = dir.resolve("t").toUri().toString();
    spark
        .range(5)
        .write()
        .format("delta")
        .option("delta.enableDeletionVectors", "true")
        .save(table);
    DeltaTable.forPath(spark, table).delete(col("id").equalTo(1));

    assertEquals(4, spark.read().format("delta").load(table).count(), "the fixture");
    assertEquals(
        OptionalLong.empty(),
        new LogRowCounts(spark.sparkContext().hadoopConfiguration()).rows(table));
  }
}
