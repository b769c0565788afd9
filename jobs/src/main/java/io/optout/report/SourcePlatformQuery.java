package io.optout.report;

import io.optout.report.SourcePlatformView.Slice;
import io.optout.schema.Columns;
import io.optout.schema.tables.FactsTable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opt-outs of the range by source and by platform, from optout_facts; a missing value counts as
 * "unknown".
 */
final class SourcePlatformQuery {
  static final String UNKNOWN = "unknown";

  private SourcePlatformQuery() {}

  static SourcePlatformView compute(ReportSource source, ReportRequest request) {
    List<TableRow> facts = source.rows(FactsTable.SPEC, Columns.OPT_OUT_DATE, request.period());
    return new SourcePlatformView(slices(facts, Columns.SOURCE), slices(facts, Columns.PLATFORM));
  }

  private static List<Slice> slices(List<TableRow> facts, String column) {
    Map<String, Long> optOuts = new HashMap<>();
    for (TableRow r : facts) {
      String label = r.string(column);
      optOuts.merge(label == null ? UNKNOWN : label, 1L, Long::sum);
    }
    return optOuts.entrySet().stream()
        .map(e -> new Slice(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Slice::optOuts).reversed().thenComparing(Slice::label))
        .toList();
  }
}
