package io.optout.pipeline;

import io.optout.schema.Columns;
import io.optout.schema.tables.RunsTable;
import io.optout.warehouse.DeltaWarehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * What a nightly run needs to know of the runs before it, from optout_runs read once: the
 * warehouse's first date, when a run started, the ad-hoc runs since the last night, and the
 * txnVersion of its own writes. A run leaves two rows (started, then its end): a run with only the
 * started row was killed.
 */
record PastRuns(List<PastRuns.Entry> rows) {

  /** One optout_runs row, the columns a nightly run reads. */
  record Entry(
      String runId,
      String status,
      LocalDate from,
      LocalDate asOf,
      Instant startedAt,
      String workKey,
      Long txnVersion) {}

  PastRuns {
    rows = List.copyOf(rows);
  }

  /** optout_runs as it is; none for a new warehouse. */
  static PastRuns of(DeltaWarehouse warehouse) {
    if (!warehouse.exists(RunsTable.SPEC)) {
      return new PastRuns(List.of());
    }
    var runs = warehouse.read(RunsTable.SPEC);
    // runs of earlier versions have no nightly columns
    Set<String> columns = Set.of(runs.columns());
    boolean nightlyColumns = columns.contains(Columns.TXN_VERSION);
    List<Row> rows =
        runs.select(
                Columns.RUN_ID,
                Columns.STATUS,
                Columns.WINDOW_FROM,
                Columns.AS_OF,
                Columns.STARTED_AT,
                nightlyColumns ? Columns.WORK_KEY : Columns.RUN_ID,
                nightlyColumns ? Columns.TXN_VERSION : Columns.RUN_ID)
            .collectAsList();
    return new PastRuns(
        rows.stream()
            .map(
                r ->
                    new Entry(
                        r.getString(0),
                        r.getString(1),
                        ((Date) r.get(2)).toLocalDate(),
                        ((Date) r.get(3)).toLocalDate(),
                        ((Timestamp) r.get(4)).toInstant(),
                        nightlyColumns ? r.getString(5) : null,
                        nightlyColumns && !r.isNullAt(6) ? r.getLong(6) : null))
            .toList());
  }

  /** The earliest date any successful run computed, empty for a new warehouse. */
  Optional<LocalDate> firstDate() {
    return rows.stream()
        .filter(r -> RunsTable.SUCCEEDED.equals(r.status()))
        .map(Entry::from)
        .min(Comparator.naturalOrder());
  }

  /** When {@code runId} started (the epoch when it is not there). */
  Instant startedAt(String runId) {
    return rows.stream()
        .filter(r -> r.runId().equals(runId))
        .map(Entry::startedAt)
        .min(Comparator.naturalOrder())
        .orElse(Instant.EPOCH);
  }

  /** First dates of the runs that succeeded after {@code since} with an as-of date other than D. */
  List<LocalDate> otherAsOfSince(Instant since, LocalDate asOf) {
    return rows.stream()
        .filter(
            r ->
                RunsTable.SUCCEEDED.equals(r.status())
                    && r.startedAt().isAfter(since)
                    && !r.asOf().equals(asOf))
        .map(Entry::from)
        .toList();
  }

  /**
   * The txnVersion of a nightly run's writes: the version of the last nightly attempt when that one
   * never finished (killed) and had the same work, so Delta skips what it committed; else a new
   * one, greater than any before.
   */
  long txnVersionFor(String workKey) {
    Map<String, List<Entry>> attempts =
        rows.stream()
            .filter(r -> r.txnVersion() != null)
            .collect(Collectors.groupingBy(Entry::runId));
    Optional<List<Entry>> last =
        attempts.values().stream()
            .max(
                Comparator.comparing(
                    a -> a.stream().map(Entry::startedAt).min(Comparator.naturalOrder()).get()));
    if (last.isPresent() && last.get().size() == 1 && workKey.equals(last.get().get(0).workKey())) {
      return last.get().get(0).txnVersion();
    }
    return rows.stream()
            .map(Entry::txnVersion)
            .filter(v -> v != null)
            .mapToLong(Long::longValue)
            .max()
            .orElse(0)
        + 1;
  }
}
