package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.testing.DataFrames.*;

import io.optout.testing.SparkTest;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class ConsentStatesTest {

  @Test
  void stateAtAnInstantFoldsRowsBeforeItOntoThePriorState(SparkSession spark) {
    Dataset<Row> prior =
        priorState(
            spark,
            new Object[] {"a1", "u1", "push", "opt_in", ts("2024-01-01T00:00:00Z"), "ext-1", null},
            new Object[] {
              "a1", "u2", "push", "opt_out", ts("2024-01-02T00:00:00Z"), null, "dev-2"
            });
    Dataset<Row> consent =
        consent(
            spark,
            row("a1", "u1", null, "dev-1", "push", "opt_out", "2024-03-01T00:00:00Z", null, null),
            // same instant: opt_in sorts first, so opt_out is the state
            row("a1", "u3", null, null, "sms", "opt_out", "2024-03-01T00:00:00Z", null, null),
            row("a1", "u3", null, null, "sms", "opt_in", "2024-03-01T00:00:00Z", null, null),
            // at the instant itself: not folded in
            row("a1", "u2", "ext-2", null, "push", "opt_in", "2024-03-02T00:00:00Z", null, null));
    Dataset<Row> state =
        ConsentStates.asOf(prior, consent, Optional.of(Instant.parse("2024-03-02T00:00:00Z")));
    assertRows(
        state,
        "[a1,u1,push,opt_out,2024-03-01 00:00:00.0,ext-1,dev-1]",
        "[a1,u2,push,opt_out,2024-01-02 00:00:00.0,null,dev-2]",
        "[a1,u3,sms,opt_out,2024-03-01 00:00:00.0,null,null]");

    assertRows(
        ConsentStates.asOf(prior, consent, Optional.empty())
            .select("user_id", "status", "external_id"),
        "[u1,opt_out,ext-1]",
        "[u2,opt_in,ext-2]",
        "[u3,opt_out,null]");
  }
}
