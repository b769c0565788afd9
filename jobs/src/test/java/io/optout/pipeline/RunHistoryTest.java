package io.optout.pipeline;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.schema.tables.RunsTable;
import io.optout.testing.SparkTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class RunHistoryTest {

  private static Map<String, Long> counts(Object... keyValues) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], ((Number) keyValues[i + 1]).longValue());
    }
    return map;
  }

  private static Object[] row(
      String id,
      String status,
      String started,
      String finished,
      Map<String, Long> read,
      Map<String, Long> rejected,
      Map<String, Long> written,
      String error) {
    return new Object[] {
      id,
      "run",
      status,
      date("2024-03-01"),
      date("2024-03-10"),
      date("2024-03-10"),
      read,
      read,
      rejected,
      Map.of(),
      written,
      ts(started),
      finished == null ? null : ts(finished),
      error,
      date(started.substring(0, 10)),
      Map.of(),
      Map.of(),
      null,
      Map.of(),
      null,
      null
    };
  }

  private static Dataset<Row> runs(SparkSession spark) {
    Map<String, Long> none = Map.of();
    return frame(
        spark,
        RunsTable.SPEC.schema(),
        row("ok", RunsTable.STARTED, "2024-03-11T01:00:00Z", null, none, none, none, null),
        row(
            "ok",
            RunsTable.SUCCEEDED,
            "2024-03-11T01:00:00Z",
            "2024-03-11T01:01:30.25Z",
            counts("consent", 10, "push", 200),
            counts("consent", 1, "push", 0),
            counts("optout_facts", 3, "optout_daily", 4),
            null),
        row("killed", RunsTable.STARTED, "2024-03-12T01:00:00Z", null, none, none, none, null),
        row("bad", RunsTable.STARTED, "2024-03-10T01:00:00Z", null, none, none, none, null),
        row(
            "bad",
            RunsTable.FAILED,
            "2024-03-10T01:00:00Z",
            "2024-03-10T01:00:05Z",
            counts("consent", 2),
            counts("consent", 2),
            none,
            "lake consent: too many rejects\nsecond line"));
  }

  @Test
  void oneLinePerRunLatestFirstKilledRunsShowAsNeverFinished(SparkSession spark) {
    assertEquals(
        List.of(
            "[killed,run,2024-03-01..2024-03-10,2024-03-10,started, never finished,2024-03-12"
                + " 01:00:00.0,null,,0,null]",
            "[ok,run,2024-03-01..2024-03-10,2024-03-10,succeeded,2024-03-11 01:00:00.0,90.3,consent"
                + " 10/1 push 200/0,7,null]",
            "[bad,run,2024-03-01..2024-03-10,2024-03-10,failed,2024-03-10 01:00:00.0,5.0,consent"
                + " 2/2,0,lake consent: too many rejects]"),
        RunHistory.latest(runs(spark), 10).collectAsList().stream().map(Row::toString).toList());
  }

  @Test
  void limitKeepsTheLatestRuns(SparkSession spark) {
    assertEquals(
        List.of("killed", "ok"),
        RunHistory.latest(runs(spark), 2).collectAsList().stream()
            .map(r -> r.getString(0))
            .toList());
  }
}
