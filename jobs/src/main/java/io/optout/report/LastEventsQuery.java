package io.optout.report;

import io.optout.report.LastEventsView.EventRow;
import io.optout.schema.Columns;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.UserCohortsTable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retain vs churn (optout_cohorts) and the events before opting out per cohort
 * (optout_last_events), for one lookback.
 */
final class LastEventsQuery {
  static final int TOP = 12;

  private LastEventsQuery() {}

  static LastEventsView compute(ReportSource source, ReportRequest request) {
    long retain = 0;
    long churn = 0;
    for (TableRow r : source.rows(CohortsTable.SPEC, Columns.OPT_OUT_DATE, request.period())) {
      if (chosen(r, request)) {
        if (retained(r)) {
          retain += r.count(Columns.OPT_OUTS);
        } else {
          churn += r.count(Columns.OPT_OUTS);
        }
      }
    }
    String measure =
        request.measure() == Measure.TOTAL ? Columns.TOTAL_EVENTS : Columns.UNIQUE_USERS;
    Map<String, long[]> byEvent = new HashMap<>();
    for (TableRow r : source.rows(LastEventsTable.SPEC, Columns.OPT_OUT_DATE, request.period())) {
      if (chosen(r, request)) {
        long[] counts = byEvent.computeIfAbsent(r.string(Columns.EVENT_NAME), k -> new long[2]);
        counts[retained(r) ? 0 : 1] += r.count(measure);
      }
    }
    List<EventRow> events =
        byEvent.entrySet().stream()
            .map(e -> new EventRow(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .sorted(
                Comparator.comparingLong((EventRow e) -> e.retain() + e.churn())
                    .reversed()
                    .thenComparing(EventRow::eventName))
            .limit(TOP)
            .toList();
    return new LastEventsView(
        request.lookback(),
        request.measure(),
        request.includeNonFinal(),
        retain,
        churn,
        events,
        TOP);
  }

  /** A row of the chosen lookback; final rows only unless the request includes the others. */
  private static boolean chosen(TableRow r, ReportRequest request) {
    Integer lookback = r.integer(Columns.LOOKBACK_DAYS);
    return lookback != null
        && lookback == request.lookback()
        && (request.includeNonFinal() || r.isTrue(Columns.IS_FINAL));
  }

  private static boolean retained(TableRow r) {
    return UserCohortsTable.RETAIN.equals(r.string(Columns.COHORT));
  }
}
