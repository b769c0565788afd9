package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.tables.BaseTable;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class OptOutBaseTest {
  private static final LocalDays MAR_10_TO_12 =
      new LocalDays(LocalDate.parse("2024-03-10"), LocalDate.parse("2024-03-12"), ZoneId.of("UTC"));

  private static Dataset<Row> base(Dataset<Row> prior, Dataset<Row> consent, LocalDays days) {
    return OptOutBase.of(
        KeyStatesAtMidnight.of(prior, consent, days),
        ConsentChanges.classify(consent, prior),
        days);
  }

  @Test
  void countsKeysAtMidnightAndTheDaysChanges(SparkSession spark) {
    Dataset<Row> prior =
        priorState(
            spark,
            new Object[] {
              "a1", "u5", "push", "opt_in", ts("2024-01-05T00:00:00Z"), null, null
            }); // checkpointed state
    Dataset<Row> consent =
        consent(
            spark,
            row(
                "u1",
                "push",
                "opt_in",
                "2024-02-01T00:00:00Z"), // state from history older than the window
            row("u1", "push", "opt_in", "2024-03-10T09:00:00Z"), // repeat: no opt-in, still in
            row("u1", "email", "opt_out", "2024-02-15T00:00:00Z"),
            row(
                "u2",
                "push",
                "opt_out",
                "2024-03-11T10:00:00Z"), // no state: an opt-out, not in the base
            row("u3", "push", "opt_in", "2024-03-01T00:00:00Z"),
            row("u3", "push", "opt_out", "2024-03-11T08:00:00Z"),
            row("u3", "push", "opt_in", "2024-03-11T12:00:00Z"),
            row("u3", "push", "opt_out", "2024-03-11T18:00:00Z"),
            row(
                "u4",
                "push",
                "opt_in",
                "2024-03-11T09:00:00Z"), // in and out on one day, no state before
            row("u4", "push", "opt_out", "2024-03-11T20:00:00Z"),
            row(
                "u6",
                "push",
                "opt_in",
                "2024-03-12T23:59:59Z"), // counts from 03-13 on: after the window
            row("u7", "push", "opt_in", "2024-03-13T01:00:00Z")); // after the window: nowhere
    Dataset<Row> base = base(prior, consent, MAR_10_TO_12);
    assertEquals(BaseTable.SPEC.columnNames(), List.of(base.columns()));
    // push in at midnight: 03-10 and 03-11 u1, u3, u5; 03-12 u1, u5. Out: 03-12 u2, u3, u4.
    // 03-11: opt-outs u2, u3 twice, u4; opt-ins u3, u4: a rate above 1.
    assertRows(
        base,
        "[2024-03-10,a1,push,3,0,0,0,0.0]",
        "[2024-03-11,a1,push,3,0,4,2,1.3333333333333333]",
        "[2024-03-12,a1,push,2,3,0,1,0.0]",
        "[2024-03-10,a1,email,0,1,0,0,null]",
        "[2024-03-11,a1,email,0,1,0,0,null]",
        "[2024-03-12,a1,email,0,1,0,0,null]");
  }

  @Test
  void midnightIsLocalAndGroupsWithoutAnyCountHaveNoRow(SparkSession spark) {
    LocalDays berlin =
        new LocalDays(
            LocalDate.parse("2024-03-10"),
            LocalDate.parse("2024-03-11"),
            ZoneId.of("Europe/Berlin"));
    Dataset<Row> consent =
        consent(
            spark,
            // 23:30Z on 03-09 is 00:30 on 03-10 in Berlin: after midnight, so not in the base of
            // 03-10
            row("u1", "push", "opt_in", "2024-03-09T23:30:00Z"),
            // 22:30Z on 03-10 is 23:30 in Berlin: an opt-out of 03-10, out at midnight of 03-11
            row("u1", "push", "opt_out", "2024-03-10T22:30:00Z"),
            row(
                "u2",
                "sms",
                "opt_in",
                "2024-03-12T00:00:00Z")); // after the window: no sms row at all
    assertRows(
        base(noPriorState(spark), consent, berlin),
        "[2024-03-10,a1,push,0,0,1,1,null]",
        "[2024-03-11,a1,push,0,1,0,0,null]");
  }
}
