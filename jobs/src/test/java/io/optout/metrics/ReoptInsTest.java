package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.consent;
import static io.optout.metrics.ConsentFixtures.noPriorState;
import static io.optout.metrics.ConsentFixtures.row;
import static io.optout.testing.DataFrames.*;

import io.optout.schema.tables.CausesTable;
import io.optout.testing.SparkTest;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Re-opt-in times of stored older opt-outs, after consent input changed from 06-01 on. */
@SparkTest
class ReoptInsTest {
  private static final Instant SINCE = Instant.parse("2024-06-01T00:00:00Z");
  private static final String T = "2024-04-01T12:00:00Z";

  private static Object[] stored(String user, String channel, String reopt, Double hours) {
    return new Object[] {
      "a1",
      user,
      channel,
      ts(T),
      date("2024-04-01"),
      "other",
      null,
      reopt == null ? null : ts(reopt),
      hours
    };
  }

  private static Dataset<Row> storedCauses(SparkSession spark) {
    return frame(
        spark,
        CausesTable.SPEC.schema(),
        stored("u1", "push", null, null), // a key with new input: back on 06-03
        stored("u2", "push", "2024-04-10T12:00:00Z", 216.0), // back before SINCE: kept
        stored("u3", "push", "2024-06-02T00:00:00Z", 1476.0), // its opt-in's file was removed
        stored("u4", "push", null, null), // no new input
        stored("u5", "email", null, null), // new input, but only a repeated opt-out
        stored("u6", "push", "2024-06-01T00:00:00Z", 1452.0)); // back exactly at SINCE
  }

  private static Dataset<Row> history(SparkSession spark) {
    return ConsentChanges.classify(
        consent(
            spark,
            row("u1", "push", "opt_out", T),
            row("u1", "push", "opt_in", "2024-06-03T06:00:00Z"),
            row("u2", "push", "opt_out", T),
            row("u2", "push", "opt_in", "2024-04-10T12:00:00Z"),
            row("u2", "push", "opt_out", "2024-05-01T12:00:00Z"),
            row("u2", "push", "opt_in", "2024-06-04T00:00:00Z"),
            row("u3", "push", "opt_out", T),
            row("u4", "push", "opt_out", T),
            row("u5", "email", "opt_out", T),
            row("u5", "email", "opt_out", "2024-06-02T00:00:00Z"),
            row("u6", "push", "opt_out", T),
            row("u6", "push", "opt_in", "2024-06-01T00:00:00Z")),
        noPriorState(spark));
  }

  private static Dataset<Row> changedKeys(SparkSession spark) {
    return consent(
        spark,
        row("u1", "push", "opt_in", "2024-06-03T06:00:00Z"),
        row("u2", "push", "opt_in", "2024-06-04T00:00:00Z"),
        row("u5", "email", "opt_out", "2024-06-02T00:00:00Z"));
  }

  @Test
  void onlyReoptInsTheChangedInputMovesAreRewritten(SparkSession spark) {
    Dataset<Row> changed =
        ReoptIns.changed(storedCauses(spark), history(spark), changedKeys(spark), SINCE);
    // u1: 62 days and 18 hours after T = 1506 h; u3: no opt-in left
    assertRows(
        changed,
        "[a1,u1,push,2024-04-01 12:00:00.0,2024-04-01,other,null,2024-06-03 06:00:00.0,1506.0]",
        "[a1,u3,push,2024-04-01 12:00:00.0,2024-04-01,other,null,null,null]");
    assertRows(
        ReoptIns.merged(storedCauses(spark), changed)
            .select("user_id", "reopt_in_time", "hours_to_reopt_in"),
        "[u1,2024-06-03 06:00:00.0,1506.0]",
        "[u2,2024-04-10 12:00:00.0,216.0]",
        "[u3,null,null]",
        "[u4,null,null]",
        "[u5,null,null]",
        "[u6,2024-06-01 00:00:00.0,1452.0]");
  }
}
