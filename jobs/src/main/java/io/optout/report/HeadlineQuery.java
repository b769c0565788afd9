package io.optout.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.optout.export.ExportPeriod;
import io.optout.schema.Columns;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.DailyTable;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Headline sums from optout_daily, the opt-out rate from optout_base (section 8) when it is there.
 */
final class HeadlineQuery {
  private HeadlineQuery() {}

  static Headline compute(ReportSource source, ReportRequest request) {
    boolean baseMissing =
        source
            .optionalRows(BaseTable.SPEC, BaseTable.SPEC.partitionColumn(), request.period())
            .isEmpty();
    return new Headline(
        totals(source, request.period()), totals(source, request.previousPeriod()), baseMissing);
  }

  private static Headline.Totals totals(ReportSource source, ExportPeriod period) {
    Row counts =
        source
            .rows(DailyTable.SPEC, Columns.DAY, period)
            .agg(coalesce(sum(Columns.OPT_OUTS), lit(0L)), coalesce(sum(Columns.OPT_INS), lit(0L)))
            .first();
    return new Headline.Totals(period, counts.getLong(0), counts.getLong(1), rate(source, period));
  }

  /**
   * sum(opt_outs) / sum(opted_in_start) over the days: the opted-in-weighted mean of the daily
   * rate.
   */
  private static Double rate(ReportSource source, ExportPeriod period) {
    Optional<Dataset<Row>> base =
        source.optionalRows(BaseTable.SPEC, BaseTable.SPEC.partitionColumn(), period);
    if (base.isEmpty()) {
      return null;
    }
    Row sums = base.get().agg(sum(Columns.OPT_OUTS), sum(Columns.OPTED_IN_START)).first();
    if (sums.isNullAt(1) || sums.getLong(1) == 0) {
      return null;
    }
    return (sums.isNullAt(0) ? 0.0 : (double) sums.getLong(0)) / sums.getLong(1);
  }
}
