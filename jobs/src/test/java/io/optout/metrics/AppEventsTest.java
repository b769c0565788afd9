package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
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
