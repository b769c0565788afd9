package io.optout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.pipeline.PastRuns.Entry;
import io.optout.schema.tables.RunsTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a nightly run reads of optout_runs: first date, ad-hoc runs since, its txnVersion. */
class PastRunsTest {
  private static final LocalDate D = LocalDate.parse("2024-03-10");

  private static Entry row(
      String id, String status, String from, String asOf, int hour, String key, Long txn) {
    return new Entry(
        id,
        status,
        LocalDate.parse(from),
        LocalDate.parse(asOf),
        Instant.parse("2024-03-11T00:00:00Z").plusSeconds(3600L * hour),
        key,
        txn);
  }

  /** A finished nightly run: its started row and its final row. */
  private static List<Entry> finished(String id, String status, int hour, String key, long txn) {
    return List.of(
        row(id, RunsTable.STARTED, "2024-02-07", "2024-03-10", hour, key, txn),
        row(id, status, "2024-02-07", "2024-03-10", hour, key, txn));
  }

  private static PastRuns runs(List<Entry>... groups) {
    return new PastRuns(java.util.Arrays.stream(groups).flatMap(List::stream).toList());
  }

  @Test
  void aKilledAttemptOfTheSameWorkLendsItsVersionAnyOtherGetsANewOne() {
    List<Entry> killed =
        List.of(row("k", RunsTable.STARTED, "2024-02-07", "2024-03-10", 2, "w", 3L));
    PastRuns afterKill = runs(finished("a", RunsTable.SUCCEEDED, 1, "v", 2), killed);
    assertEquals(3, afterKill.txnVersionFor("w"), "the rerun of the killed work");
    assertEquals(4, afterKill.txnVersionFor("x"), "other work");
    // an attempt that failed was rolled back: its version is used up
    PastRuns afterFailure =
        runs(
            finished("a", RunsTable.SUCCEEDED, 1, "v", 2),
            finished("f", RunsTable.FAILED, 2, "w", 3));
    assertEquals(4, afterFailure.txnVersionFor("w"));
    // the killed attempt is not the latest: a later attempt finished
    PastRuns killedThenDone = runs(killed, finished("b", RunsTable.SUCCEEDED, 3, "y", 4));
    assertEquals(5, killedThenDone.txnVersionFor("w"));
    assertEquals(1, runs().txnVersionFor("w"), "a new warehouse");
  }

  @Test
  void theFirstDateIsThatOfSucceededRunsAndOnlyOtherAsOfDatesSinceCount() {
    PastRuns runs =
        runs(
            List.of(row("r1", RunsTable.SUCCEEDED, "2024-01-01", "2024-01-31", 0, null, null)),
            List.of(row("r2", RunsTable.FAILED, "2023-12-01", "2024-03-10", 1, null, null)),
            List.of(row("r3", RunsTable.SUCCEEDED, "2024-02-15", "2024-02-20", 5, null, null)),
            List.of(row("r4", RunsTable.SUCCEEDED, "2024-02-16", "2024-03-10", 6, null, null)));
    assertEquals(Optional.of(LocalDate.parse("2024-01-01")), runs.firstDate());
    assertEquals(
        List.of(LocalDate.parse("2024-02-15")),
        runs.otherAsOfSince(Instant.parse("2024-03-11T04:00:00Z"), D),
        "r1 is before the last night, r4 has D as its as-of date");
    assertEquals(Instant.parse("2024-03-11T05:00:00Z"), runs.startedAt("r3"));
  }
}
