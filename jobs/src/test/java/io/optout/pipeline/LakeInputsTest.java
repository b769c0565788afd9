package io.optout.pipeline;

import static io.optout.testing.DataFrames.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeReader;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class LakeInputsTest {
  @Test
  void aLakeThatCannotBeReadFreesWhatTheLakesReadBeforeItKeep(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake =
        new LakeFixture(spark, dir)
            .append(
                Lake.CONSENT,
                new Object[] {
                  "a1", "u1", null, null, "push", "opt_out", ts("2024-03-02T10:00:00Z"), null, null
                });
    // the consent lake is read and kept first; the push lake's folder does not exist
    OptoutConfig config =
        lake.config(Map.of("optout.lakes.push.path", dir.resolve("no-push-lake").toString()));
    int keptBefore = spark.sparkContext().getPersistentRDDs().size();

    assertThrows(
        OptoutException.class,
        () ->
            LakeInputs.read(
                new LakeReader(spark),
                config,
                Map.<Lake, DtRange>of(),
                new RunPhases(spark.sparkContext()),
                RunPlan.OPTIMISED));

    assertEquals(
        keptBefore,
        spark.sparkContext().getPersistentRDDs().size(),
        "the consent rows kept before the push lake failed are freed");
  }
}
