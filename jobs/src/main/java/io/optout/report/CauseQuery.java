package io.optout.report;

import io.optout.report.CauseView.CauseDay;
import io.optout.report.CauseView.Return;
import io.optout.schema.Columns;
import io.optout.schema.tables.CauseDailyTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * optout_cause_daily over the range: opt-outs per day and cause (every day of the range, 0 where no
 * row), and per cause the re-opt-ins within 7 and 30 days.
 */
final class CauseQuery {
  /**
   * The causes in the order their rules are tried (docs/why.md), which is also the order of the
   * stack; a cause the table holds beyond these follows, by name.
   */
  static final List<String> RULE_ORDER =
      List.of("token_invalid", "cascade", "dormant", "after_push", "other");

  private static final Comparator<String> CAUSE_ORDER =
      Comparator.<String>comparingInt(
              c -> c != null && RULE_ORDER.contains(c) ? RULE_ORDER.indexOf(c) : RULE_ORDER.size())
          .thenComparing(Comparator.nullsFirst(Comparator.naturalOrder()));

  private CauseQuery() {}

  static CauseView compute(ReportSource source, ReportRequest request) {
    Optional<List<TableRow>> table =
        source.optionalRows(CauseDailyTable.SPEC, Columns.OPT_OUT_DATE, request.period());
    if (table.isEmpty()) {
      return CauseView.missing();
    }
    Map<String, long[]> byCause = new TreeMap<>(CAUSE_ORDER);
    Map<LocalDate, Map<String, Long>> byDay = new HashMap<>();
    for (TableRow r : table.get()) {
      String cause = r.string(Columns.CAUSE);
      long optOuts = r.count(Columns.OPT_OUTS);
      long[] sums = byCause.computeIfAbsent(cause, k -> new long[4]);
      sums[0] += optOuts;
      sums[1] += r.count(Columns.REOPTED_IN_7D);
      sums[2] += r.count(Columns.REOPTED_IN_30D);
      sums[3] += r.isTrue(Columns.IS_FINAL) ? 0 : optOuts;
      byDay
          .computeIfAbsent(r.date(Columns.OPT_OUT_DATE), k -> new HashMap<>())
          .merge(cause, optOuts, Long::sum);
    }
    List<String> causes = List.copyOf(byCause.keySet());
    List<CauseDay> days = new ArrayList<>();
    for (LocalDate d = request.period().from();
        !d.isAfter(request.period().to());
        d = d.plusDays(1)) {
      Map<String, Long> counts = byDay.getOrDefault(d, Map.of());
      days.add(new CauseDay(d, causes.stream().map(c -> counts.getOrDefault(c, 0L)).toList()));
    }
    List<Return> returns = new ArrayList<>();
    byCause.forEach((cause, s) -> returns.add(new Return(cause, s[0], s[1], s[2], s[3])));
    return new CauseView(causes, List.copyOf(days), List.copyOf(returns), false);
  }
}
