package io.optout.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.testing.SparkTest;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class CommitLogTest {
  @Test
  void findsVersionsAndTheRowsOfTheNewestCommitTaggedWithARun(
      SparkSession spark, @TempDir Path dir) {
    String table = dir.resolve("t").toUri().toString();
    CommitLog log = new CommitLog(spark.sparkContext().hadoopConfiguration(), table);
    assertEquals(Optional.empty(), log.latestVersion(), "no table yet");

    spark.range(3).write().format("delta").option("userMetadata", "run-a").save(table);
    spark
        .range(5)
        .write()
        .format("delta")
        .mode("append")
        .option("userMetadata", "run-b")
        .save(table);
    spark.range(2).write().format("delta").mode("append").save(table);

    assertEquals(Optional.of(2L), log.latestVersion());
    CommitLog.CommitInfo a = log.newestTagged("run-a", 100).orElseThrow();
    assertEquals(0L, a.version());
    assertEquals(3L, a.rowsWritten());
    assertEquals(5L, log.newestTagged("run-b", 100).orElseThrow().rowsWritten());
    assertEquals(Optional.empty(), log.newestTagged("run-a", 2), "beyond the searched commits");
    assertEquals(Optional.empty(), log.newestTagged("run-c", 100));
  }
}
