package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.schema.Columns;
import io.optout.spark.KeptFrames;
import io.optout.testing.JoinedRows;
import io.optout.testing.SparkTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        ActivityAroundOptOut.of(
            optOuts(spark, optOut("a", "u1", "push", T)), events, List.of(1, 3));
    assertRows(
        activity.frame().select(Columns.EVENT_NAME, ActivityAroundOptOut.OFFSET_MICROS),
        "[before," + (-72 * HOUR) + "]",
        "[after," + (72 * HOUR) + "]");
  }

  @Test
  void eventsFarOutsideTheWindowAreNeverJoined(SparkSession spark) {
    // one event inside [T - 3d, T + 3d]; forty on days the window's day buckets do not touch
    List<Object[]> rows = new ArrayList<>();
    rows.add(event("a", "u1", "near", "view", "2024-03-10T10:00:00Z"));
    for (int day = 1; day <= 20; day++) {
      rows.add(
          event(
              "a",
              "u1",
              "early" + day,
              "view",
              Instant.parse(T).minus(Duration.ofDays(10 + day)).toString()));
      rows.add(
          event(
              "a",
              "u1",
              "late" + day,
              "view",
              Instant.parse(T).plus(Duration.ofDays(10 + day)).toString()));
    }
    ActivityAroundOptOut activity =
        ActivityAroundOptOut.of(
            optOuts(spark, optOut("a", "u1", "push", T)),
            events(spark, rows.toArray(Object[][]::new)),
            List.of(1, 3));

    // a join on (app_id, user_id) alone would pair the opt-out with all 41 events and filter later
    assertEquals(1, JoinedRows.of(activity.frame()), "rows the join produced");
    assertRows(activity.frame().select(Columns.EVENT_NAME), "[view]");
  }

  @Test
  void theExplodedKeysAreNeverBroadcast(SparkSession spark) {
    // Spark sizes the exploded keys as the opt-outs before the explode, so a tiny frame is what
    // it would broadcast: the join must be planned as a sort-merge join all the same
    try (KeptFrames kept = new KeptFrames()) {
      // kept, as the run keeps them: a leaf whose size Spark knows
      ActivityAroundOptOut activity =
          ActivityAroundOptOut.of(
              kept.keep(optOuts(spark, optOut("a", "u1", "push", T))),
              kept.keep(events(spark, event("a", "u1", "e1", "view", "2024-03-09T12:00:00Z"))),
              List.of(1, 30));
      String plan = activity.frame().queryExecution().sparkPlan().toString();
      assertTrue(plan.contains("SortMergeJoin"), plan);
      assertFalse(plan.contains("BroadcastHashJoin"), plan);
    }
  }

  @Test
  void persistIsOptionalAndGivesTheSameRows(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(
            spark,
            optOut("a", "u1", "push", T),
            optOut("a", "u2", "email", "2024-03-11T00:00:00Z"));
    Dataset<Row> events =
        events(
            spark,
            event("a", "u1", "e1", "view", "2024-03-10T10:00:00Z"),
            event("a", "u1", "e2", "buy", "2024-03-12T10:00:00Z"),
            event("a", "u2", "e3", "view", "2024-03-10T23:00:00Z"),
            event("a", "u2", "e4", "far", "2024-04-30T00:00:00Z"));
    List<String> unpersisted =
        rowsOf(ActivityAroundOptOut.of(optOuts, events, List.of(1, 3)).frame());
    assertEquals(3, unpersisted.size(), unpersisted.toString());

    try (KeptFrames kept = new KeptFrames()) {
      ActivityAroundOptOut persisted =
          ActivityAroundOptOut.of(optOuts, events, List.of(1, 3)).keptIn(kept);
      assertEquals(unpersisted, rowsOf(persisted.frame()));
    }
  }

  @Test
  void atLeastOneLookbackIsRequired(SparkSession spark) {
    assertThrows(
        IllegalArgumentException.class,
        () -> ActivityAroundOptOut.of(optOuts(spark), events(spark), List.of()));
  }
}
