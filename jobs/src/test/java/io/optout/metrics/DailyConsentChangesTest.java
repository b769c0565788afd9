package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.testing.DataFrames.*;

import io.optout.testing.SparkTest;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class DailyConsentChangesTest {

  @Test
  void countsChangesPerLocalDayAppChannelAndPlatform(SparkSession spark) {
    Dataset<Row> consent =
        consent(
            spark,
            // Berlin is UTC+1 in March: 23:30Z on the 1st is the 2nd locally
            row("a1", "u1", null, null, "push", "opt_out", "2024-03-01T23:30:00Z", null, "ios"),
            row(
                "a1",
                "u1",
                null,
                null,
                "push",
                "opt_out",
                "2024-03-02T08:00:00Z",
                null,
                "ios"), // repeat
            row("a1", "u2", null, null, "push", "opt_out", "2024-03-02T09:00:00Z", null, "ios"),
            row("a1", "u2", null, null, "push", "opt_in", "2024-03-02T10:00:00Z", null, "ios"),
            row("a1", "u2", null, null, "push", "opt_out", "2024-03-02T11:00:00Z", null, "ios"),
            row("a1", "u3", null, null, "push", "opt_in", "2024-03-02T12:00:00Z", null, null),
            row(
                "a1",
                "u3",
                null,
                null,
                "push",
                "opt_in",
                "2024-03-02T13:00:00Z",
                null,
                null)); // repeat
    Dataset<Row> daily =
        DailyConsentChanges.of(
            ConsentChanges.classify(consent, noPriorState(spark)),
            Instant.parse("2024-02-29T23:00:00Z"),
            Instant.parse("2024-03-03T23:00:00Z"),
            ZoneId.of("Europe/Berlin"));
    // u1 once, u2 twice (two opt-outs, one distinct user), u2's opt-in; u3's first opt_in counts,
    // its repeat not
    assertRows(daily, "[2024-03-02,a1,push,ios,3,1,-2,2]", "[2024-03-02,a1,push,unknown,0,1,1,0]");
  }
}
