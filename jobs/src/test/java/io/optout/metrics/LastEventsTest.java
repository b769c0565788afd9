package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.schema.tables.LastEventsTable;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class LastEventsTest {
  private static final String T = "2024-03-10T12:00:00Z";
  private static final LocalDate AS_OF = LocalDate.parse("2024-04-01");

  private static Dataset<Row> lastEvents(
      Dataset<Row> optOuts, Dataset<Row> events, List<Integer> lookbacks, LocalDate asOf) {
    ActivityAroundOptOut activity = ActivityAroundOptOut.of(optOuts, events, lookbacks);
    return LastEvents.of(activity, Cohorts.userCohorts(activity, asOf));
  }

  /** lookback, cohort, event_name, total_events, unique_users. */
  private static List<String> counts(Dataset<Row> lastEvents) {
    return rowsOf(
        lastEvents.select(
            col(Columns.LOOKBACK_DAYS),
            col(Columns.COHORT),
            col(Columns.EVENT_NAME),
            col(Columns.TOTAL_EVENTS),
            col(Columns.UNIQUE_USERS)));
  }

  @Test
  void userWithNoEventsHasNoRows(SparkSession spark) {
    assertEquals(
        List.of(),
        counts(
            lastEvents(
                optOuts(spark, optOut("a", "u1", "push", T)), events(spark), List.of(1), AS_OF)));
  }

  @Test
  void windowIsFromTMinusXInclusiveToTExclusive(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "at_start", "2024-03-09T12:00:00Z"), // T - 1d: in
            event(
                "a",
                "u1",
                "e2",
                "too_early",
                "2024-03-09T11:59:59.999999Z"), // 1 µs before: out for x=1
            event("a", "u1", "e3", "last_moment", "2024-03-10T11:59:59.999999Z"), // T - 1 µs: in
            event("a", "u1", "e4", "at_t", T), // T: out
            event("b", "u1", "e5", "other_app", "2024-03-10T11:00:00Z"));
    assertEquals(
        List.of("[1,churn,at_start,1,1]", "[1,churn,last_moment,1,1]"),
        counts(
            lastEvents(optOuts(spark, optOut("a", "u1", "push", T)), events, List.of(1), AS_OF)));
  }

  @Test
  void severalLookbacksAtOnceEachWithItsOwnCohort(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "view", "2024-03-10T06:00:00Z"), // T - 6h: x = 1, 3, 7
            event("a", "u1", "e2", "view", "2024-03-08T12:00:00Z"), // T - 2d: x = 3, 7
            event("a", "u1", "e3", "buy", "2024-03-03T12:00:00Z"), // T - 7d exactly: x = 7
            event("a", "u1", "e4", "buy", "2024-03-03T11:00:00Z"), // T - 7d - 1h: nowhere
            event(
                "a", "u1", "e5", "open_app", "2024-03-12T12:00:00Z")); // T + 2d: retain for 3 and 7
    Dataset<Row> result =
        lastEvents(optOuts(spark, optOut("a", "u1", "push", T)), events, List.of(1, 3, 7), AS_OF);
    assertEquals(LastEventsTable.SPEC.columnNames(), List.of(result.columns()));
    assertEquals(
        List.of(
            "[1,churn,view,1,1]",
            "[3,retain,view,2,1]",
            "[7,retain,buy,1,1]",
            "[7,retain,view,2,1]"),
        counts(result));
  }

  @Test
  void duplicateEventIdsCountOnceAndNullEventIdsEachCount(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "view", "2024-03-10T06:00:00Z"),
            event("a", "u1", "e1", "view", "2024-03-10T06:00:00Z"), // same event delivered twice
            event("a", "u1", "e1", "view", "2024-03-10T06:00:01Z"), // same id, later copy
            event("a", "u1", null, "view", "2024-03-10T07:00:00Z"),
            event("a", "u1", null, "view", "2024-03-10T07:00:00Z")); // null ids: two events
    assertEquals(
        List.of("[1,churn,view,3,1]"),
        counts(
            lastEvents(optOuts(spark, optOut("a", "u1", "push", T)), events, List.of(1), AS_OF)));
  }

  @Test
  void eventInTheWindowsOfTwoOptOutsCountsForEachButTheUserOnce(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(
            spark,
            optOut("a", "u1", "push", "2024-03-10T01:00:00Z"),
            optOut("a", "u1", "push", "2024-03-10T20:00:00Z"),
            optOut("a", "u2", "push", "2024-03-10T20:00:00Z"));
    Dataset<Row> events =
        events(
            spark,
            event(
                "a",
                "u1",
                "e1",
                "view",
                "2024-03-10T00:30:00Z"), // before both u1 opt-outs: counts twice
            event("a", "u2", "e2", "view", "2024-03-10T19:00:00Z"));
    assertEquals(
        List.of("[1,churn,view,3,2]"), counts(lastEvents(optOuts, events, List.of(1), AS_OF)));
  }

  @Test
  void cohortAndFinalityComeFromTheOptOut(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(spark, optOut("a", "u-stays", "push", T), optOut("a", "u-leaves", "push", T));
    Dataset<Row> events =
        events(
            spark,
            event("a", "u-stays", "e1", "view", "2024-03-10T10:00:00Z"),
            event("a", "u-stays", "e2", "open_app", "2024-03-10T13:00:00Z"), // after T: retain
            event("a", "u-leaves", "e3", "view", "2024-03-10T11:00:00Z"));
    assertRows(
        lastEvents(optOuts, events, List.of(1), LocalDate.parse("2024-03-10")),
        "[2024-03-10,a,push,1,churn,view,1,1,false]",
        "[2024-03-10,a,push,1,retain,view,1,1,false]");
    assertRows(
        lastEvents(optOuts, events, List.of(1), LocalDate.parse("2024-03-11")),
        "[2024-03-10,a,push,1,churn,view,1,1,true]",
        "[2024-03-10,a,push,1,retain,view,1,1,true]");
  }

  @Test
  void eachChannelOptedOutAtTheSameInstantIsItsOwnOptOut(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(spark, optOut("a", "u1", "push", T), optOut("a", "u1", "email", T));
    Dataset<Row> events = events(spark, event("a", "u1", "e1", "view", "2024-03-10T10:00:00Z"));
    assertRows(
        lastEvents(optOuts, events, List.of(1), AS_OF)
            .select(col(Columns.CHANNEL), col(Columns.TOTAL_EVENTS)),
        "[email,1]",
        "[push,1]");
  }
}
