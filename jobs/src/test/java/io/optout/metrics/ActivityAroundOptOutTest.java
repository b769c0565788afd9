package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.schema.InputColumns.Event;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class ActivityAroundOptOutTest {
  private static final String T = "2024-03-10T12:00:00Z";
  private static final long HOUR = 3_600_000_000L;

  @Test
  void keepsEventsWithinTheWidestLookbackWithTheirOffsetAndDropsT(SparkSession spark) {
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "before", "2024-03-07T12:00:00Z"), // T - 3d = widest start: kept
            event("a", "u1", "e2", "too_early", "2024-03-07T11:00:00Z"),
            event("a", "u1", "e3", "at_t", T),
            event("a", "u1", "e4", "after", "2024-03-13T12:00:00Z"), // T + 3d: kept
            event("a", "u1", "e5", "too_late", "2024-03-13T13:00:00Z"),
            event("a", "u1", "e6", "far", "2024-05-01T00:00:00Z"));
    ActivityAroundOptOut activity =
        ActivityAroundOptOut.of(optOuts(spark, optOut("a", "u1", "push", T)), events, List.of(1, 3));
    assertRows(
        activity.frame().select(Event.EVENT_NAME, ActivityAroundOptOut.OFFSET_MICROS),
        "[before," + (-72 * HOUR) + "]",
        "[after," + (72 * HOUR) + "]");
  }

  @Test
  void joinIsBoundedByDayBucketsNotACartesianProduct(SparkSession spark) {
    Dataset<Row> optOuts = optOuts(spark, optOut("a", "u1", "push", T));
    Dataset<Row> events = events(spark, event("a", "u1", "e1", "view", "2024-03-10T10:00:00Z"));
    ActivityAroundOptOut activity = ActivityAroundOptOut.of(optOuts, events, List.of(1, 3, 7, 14, 30));
    Dataset<Row> lastEvents = LastEvents.of(activity, Cohorts.userCohorts(activity, LocalDate.parse("2024-04-01")));
    String plan = lastEvents.queryExecution().executedPlan().toString();
    assertFalse(plan.contains("CartesianProduct"), plan);
    assertFalse(plan.contains("NestedLoopJoin"), plan);
    String joined = activity.frame().queryExecution().optimizedPlan().toString();
    assertTrue(joined.contains("_day_bucket"), joined);
  }

  @Test
  void persistIsOptionalAndGivesTheSameRows(SparkSession spark) {
    Dataset<Row> optOuts = optOuts(spark, optOut("a", "u1", "push", T));
    Dataset<Row> events = events(spark, event("a", "u1", "e1", "view", "2024-03-10T10:00:00Z"));
    ActivityAroundOptOut activity = ActivityAroundOptOut.of(optOuts, events, List.of(1)).persist();
    try {
      assertRows(activity.frame().select(Event.EVENT_NAME), "[view]");
    } finally {
      activity.unpersist();
    }
  }

  @Test
  void atLeastOneLookbackIsRequired(SparkSession spark) {
    assertThrows(
        IllegalArgumentException.class,
        () -> ActivityAroundOptOut.of(optOuts(spark), events(spark), List.of()));
  }
}
