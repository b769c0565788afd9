package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class AppEventsTest {

  @Test
  void sameEventIdInOneAppCountsOnceAsItsEarliestCopy(SparkSession spark) {
    assertRows(
        AppEvents.countedOnce(
                events(
                    spark,
                    event("a", "u1", "e1", "view", "2024-03-10T10:00:05Z"),
                    event("a", "u1", "e1", "view", "2024-03-10T10:00:00Z"),
                    event(
                        "b",
                        "u1",
                        "e1",
                        "view",
                        "2024-03-10T10:00:09Z"))) // other app: its own event
            .select(Columns.APP_ID, Columns.EVENT_ID, Columns.EVENT_TIME),
        "[a,e1,2024-03-10 10:00:00.0]",
        "[b,e1,2024-03-10 10:00:09.0]");
  }

  @Test
  void theEarliestCopyOrderPicksTheCopyCountedOnceKeepsOnTies(SparkSession spark) {
    // one event id, every copy at the same instant: user_id, then event_name by UTF-8 bytes
    // (U+1F600 sorts after U+FFFD in UTF-8 but before it in Java's UTF-16 order), then a null
    // platform first
    String at = "2024-03-10T10:00:00Z";
    Dataset<Row> copies =
        events(
            spark,
            new Object[] {"a", "u2", "e1", "view", ts(at), null},
            new Object[] {"a", "u1", "e1", "\uD83D\uDE00", ts(at), null},
            new Object[] {"a", "u1", "e1", "\uFFFD", ts(at), "ios"},
            new Object[] {"a", "u1", "e1", "\uFFFD", ts(at), null});
    Row first = copies.collectAsList().stream().min(AppEvents.earliestCopy()).orElseThrow();
    Row counted =
        AppEvents.countedOnce(copies)
            .select(Columns.USER_ID, Columns.EVENT_NAME, Columns.PLATFORM)
            .first();
    assertEquals(java.util.Arrays.asList("u1", "\uFFFD", null), values(counted));
    assertEquals(
        values(counted),
        java.util.Arrays.asList(
            first.getAs(Columns.USER_ID),
            first.getAs(Columns.EVENT_NAME),
            first.getAs(Columns.PLATFORM)));
  }

  private static List<Object> values(Row row) {
    return java.util.Arrays.asList(row.get(0), row.get(1), row.get(2));
  }

  @Test
  void everyNullEventIdIsAnEventOfItsOwn(SparkSession spark) {
    assertRows(
        AppEvents.countedOnce(
                events(
                    spark,
                    event("a", "u1", null, "view", "2024-03-10T10:00:00Z"),
                    event("a", "u1", null, "view", "2024-03-10T10:00:00Z")))
            .select(Columns.EVENT_NAME),
        "[view]",
        "[view]");
  }
}
