package io.optout.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.optout.report.LastEventsView.EventRow;
import io.optout.schema.Columns;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.UserCohortsTable;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
    for (Row r :
        chosen(source.rows(CohortsTable.SPEC, Columns.OPT_OUT_DATE, request.period()), request)
            .groupBy(Columns.COHORT)
            .agg(sum(Columns.OPT_OUTS))
            .collectAsList()) {
      if (UserCohortsTable.RETAIN.equals(r.getString(0))) {
        retain = r.getLong(1);
      } else {
        churn = r.getLong(1);
      }
    }
    String measure =
        request.measure() == Measure.TOTAL ? Columns.TOTAL_EVENTS : Columns.UNIQUE_USERS;
    Map<String, long[]> byEvent = new LinkedHashMap<>();
    for (Row r :
        chosen(source.rows(LastEventsTable.SPEC, Columns.OPT_OUT_DATE, request.period()), request)
            .groupBy(Columns.EVENT_NAME, Columns.COHORT)
            .agg(sum(measure))
            .collectAsList()) {
      long[] counts = byEvent.computeIfAbsent(r.getString(0), k -> new long[2]);
      counts[UserCohortsTable.RETAIN.equals(r.getString(1)) ? 0 : 1] += r.getLong(2);
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

  /** The rows of the chosen lookback; final rows only unless the request includes the others. */
  private static Dataset<Row> chosen(Dataset<Row> rows, ReportRequest request) {
    Column scope = col(Columns.LOOKBACK_DAYS).equalTo(lit(request.lookback()));
    if (!request.includeNonFinal()) {
      scope = scope.and(col(Columns.IS_FINAL));
    }
    return rows.where(scope);
  }
}
