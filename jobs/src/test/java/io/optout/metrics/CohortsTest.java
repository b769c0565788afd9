package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.UserCohortsTable;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class CohortsTest {
  private static final String T = "2024-03-10T12:00:00Z";
  private static final List<Integer> LOOKBACKS = List.of(1, 3);
  private static final LocalDate AS_OF = LocalDate.parse("2024-04-01");

  private static List<String> cohorts(Dataset<Row> optOuts, Dataset<Row> events, LocalDate asOf) {
    return rowsOf(
        Cohorts.userCohorts(optOuts, events, LOOKBACKS, asOf)
            .select(
                col(Columns.USER_ID),
                col(Columns.LOOKBACK_DAYS),
                col(Columns.COHORT),
                col(Columns.IS_FINAL)));
  }

  @Test
  void userWithNoEventsChurnsForEveryLookback(SparkSession spark) {
    assertEquals(
        List.of("[u1,1,churn,true]", "[u1,3,churn,true]"),
        cohorts(optOuts(spark, optOut("a", "u1", "push", T)), events(spark), AS_OF));
  }

  @Test
  void eventExactlyAtTIsNotARetain(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "open_app", T),
            event("a", "u1", "e2", "open_app", "2024-03-10T11:59:59Z")); // before T: never a retain
    assertEquals(
        List.of("[u1,1,churn,true]", "[u1,3,churn,true]"),
        cohorts(optOuts(spark, optOut("a", "u1", "push", T)), events, AS_OF));
  }

  @Test
  void eventExactlyAtTPlusXRetainsAndOneMicrosecondLaterDoesNot(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(spark, optOut("a", "u-at-end", "push", T), optOut("a", "u-after-end", "push", T));
    Dataset<Row> events =
        events(
            spark,
            event(
                "a",
                "u-at-end",
                "e1",
                "open_app",
                "2024-03-11T12:00:00Z"), // T + 1d: retain for 1 and 3
            event(
                "a",
                "u-after-end",
                "e2",
                "open_app",
                "2024-03-11T12:00:00.000001Z")); // retain for 3 only
    assertEquals(
        List.of(
            "[u-after-end,1,churn,true]",
            "[u-after-end,3,retain,true]",
            "[u-at-end,1,retain,true]",
            "[u-at-end,3,retain,true]"),
        cohorts(optOuts, events, AS_OF));
  }

  @Test
  void eventOfAnotherAppOrUserDoesNotRetain(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("b", "u1", "e1", "open_app", "2024-03-10T13:00:00Z"),
            event("a", "u2", "e2", "open_app", "2024-03-10T13:00:00Z"));
    assertEquals(
        List.of("[u1,1,churn,true]", "[u1,3,churn,true]"),
        cohorts(optOuts(spark, optOut("a", "u1", "push", T)), events, AS_OF));
  }

  @Test
  void isFinalFlipsWhenTheAsOfDateReachesDatePlusX(SparkSession spark) {
    Dataset<Row> optOuts = optOuts(spark, optOut("a", "u1", "push", T)); // d = 2024-03-10
    Dataset<Row> events = events(spark);
    assertEquals(
        List.of("[u1,1,churn,false]", "[u1,3,churn,false]"),
        cohorts(optOuts, events, LocalDate.parse("2024-03-10")));
    assertEquals( // d + 1 = D
        List.of("[u1,1,churn,true]", "[u1,3,churn,false]"),
        cohorts(optOuts, events, LocalDate.parse("2024-03-11")));
    assertEquals( // d + 3 - 1 = D
        List.of("[u1,1,churn,true]", "[u1,3,churn,false]"),
        cohorts(optOuts, events, LocalDate.parse("2024-03-12")));
    assertEquals( // d + 3 = D
        List.of("[u1,1,churn,true]", "[u1,3,churn,true]"),
        cohorts(optOuts, events, LocalDate.parse("2024-03-13")));
  }

  @Test
  void userCohortsKeepEveryOptOutAndFollowTheTableSpec(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(spark, optOut("a", "u1", "push", T), optOut("a", "u1", "email", T));
    Dataset<Row> events = events(spark, event("a", "u1", "e1", "open_app", "2024-03-12T00:00:00Z"));
    Dataset<Row> cohorts = Cohorts.userCohorts(optOuts, events, List.of(1), AS_OF);
    assertEquals(UserCohortsTable.SPEC.columnNames(), List.of(cohorts.columns()));
    assertRows(
        cohorts,
        "[a,u1,email,2024-03-10 12:00:00.0,2024-03-10,1,churn,true]",
        "[a,u1,push,2024-03-10 12:00:00.0,2024-03-10,1,churn,true]");
  }

  @Test
  void summaryCountsOptOutsAndDistinctUsers(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(
            spark,
            optOut("a", "u1", "push", "2024-03-10T01:00:00Z"),
            optOut("a", "u1", "push", "2024-03-10T20:00:00Z"), // same user again the same day
            optOut("a", "u2", "push", "2024-03-10T05:00:00Z"),
            optOut("a", "u3", "push", "2024-03-10T05:00:00Z"));
    Dataset<Row> events =
        events(
            spark,
            event(
                "a",
                "u1",
                "e1",
                "open_app",
                "2024-03-10T21:00:00Z"), // after both u1 opt-outs, within 1d
            event("a", "u2", "e2", "open_app", "2024-03-12T00:00:00Z")); // retain for 3 only
    Dataset<Row> summary =
        Cohorts.summary(
            Cohorts.userCohorts(optOuts, events, LOOKBACKS, LocalDate.parse("2024-03-12")));
    assertEquals(CohortsTable.SPEC.columnNames(), List.of(summary.columns()));
    assertRows(
        summary,
        "[2024-03-10,a,push,1,retain,2,1,true]",
        "[2024-03-10,a,push,1,churn,2,2,true]",
        "[2024-03-10,a,push,3,retain,3,2,false]",
        "[2024-03-10,a,push,3,churn,1,1,false]");
  }
}
