package io.optout.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.optout.report.SourcePlatformView.Slice;
import io.optout.schema.Columns;
import io.optout.schema.tables.FactsTable;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Opt-outs of the range by source and by platform, from optout_facts; a missing value counts as
 * "unknown".
 */
final class SourcePlatformQuery {
  static final String UNKNOWN = "unknown";

  private SourcePlatformQuery() {}

  static SourcePlatformView compute(ReportSource source, ReportRequest request) {
    Dataset<Row> facts =
        source
            .rows(FactsTable.SPEC, Columns.OPT_OUT_DATE, request.period())
            .select(col(Columns.SOURCE), col(Columns.PLATFORM))
            .cache();
    try {
      return new SourcePlatformView(slices(facts, Columns.SOURCE), slices(facts, Columns.PLATFORM));
    } finally {
      facts.unpersist();
    }
  }

  private static List<Slice> slices(Dataset<Row> facts, String column) {
    return facts
        .groupBy(coalesce(col(column), lit(UNKNOWN)))
        .agg(count(lit(1)))
        .collectAsList()
        .stream()
        .map(r -> new Slice(r.getString(0), r.getLong(1)))
        .sorted(Comparator.comparingLong(Slice::optOuts).reversed().thenComparing(Slice::label))
        .toList();
  }
}
