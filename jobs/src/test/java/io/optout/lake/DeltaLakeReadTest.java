package io.optout.lake;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.schema.InputSchemas;
import io.optout.testing.SparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Delta lake whose latest commit cannot be read fails when it is loaded, in one line. */
@SparkTest
class DeltaLakeReadTest {

  @Test
  void anUnreadableCommitFailsAtLoadNamingLakeAndCommitFile(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path delta = dir.resolve("campaign");
    Dataset<Row> campaign =
        frame(
            spark,
            InputSchemas.schema(Lake.CAMPAIGN),
            new Object[] {
              "a1", "c1", "Spring", "broadcast", "push", null, ts("2024-02-01T00:00:00Z")
            });
    campaign.write().format("delta").save(delta.toString());
    campaign.write().format("delta").mode("append").save(delta.toString());
    Files.write(
        delta.resolve("_delta_log").resolve("00000000000000000001.json"),
        "{\"add\": {\"path\": broken".getBytes(StandardCharsets.UTF_8));

    LakeConfig config = new LakeConfig(delta.toString(), LakeFormat.DELTA);
    OptoutException failure =
        assertThrows(
            OptoutException.class,
            () -> new LakeReader(spark).read(Lake.CAMPAIGN, config, DtRange.all()));
    String message = failure.getMessage();
    assertFalse(message.contains("\n"), message);
    assertTrue(
        message.startsWith(
            "lake campaign at "
                + delta
                + ": cannot read as delta: Encountered error while reading file "),
        message);
    assertTrue(message.contains("00000000000000000001.json"), message);
    assertFalse(message.contains("Job aborted"), message);
  }
}
