package io.optout.report;

import io.optout.export.ExportPeriod;
import io.optout.schema.Columns;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.DailyTable;

/**
 * Headline sums from optout_daily, the opt-out rate from optout_base (section 8) when it is there.
 */
final class HeadlineQuery {
  private HeadlineQuery() {}

  static Headline compute(ReportSource source, ReportRequest request) {
    boolean baseMissing = !source.exists(BaseTable.SPEC);
    return new Headline(
        totals(source, request.period(), baseMissing),
        totals(source, request.previousPeriod(), baseMissing),
        baseMissing);
  }

  private static Headline.Totals totals(
      ReportSource source, ExportPeriod period, boolean baseMissing) {
    long optOuts = 0;
    long optIns = 0;
    for (TableRow r : source.rows(DailyTable.SPEC, Columns.DAY, period)) {
      optOuts += r.count(Columns.OPT_OUTS);
      optIns += r.count(Columns.OPT_INS);
    }
    return new Headline.Totals(period, optOuts, optIns, baseMissing ? null : rate(source, period));
  }

  /**
   * sum(opt_outs) / sum(opted_in_start) over the days: the opted-in-weighted mean of the daily
   * rate; null when no key was opted in.
   */
  private static Double rate(ReportSource source, ExportPeriod period) {
    long optOuts = 0;
    long optedIn = 0;
    for (TableRow r : source.rows(BaseTable.SPEC, BaseTable.SPEC.partitionColumn(), period)) {
      optOuts += r.count(Columns.OPT_OUTS);
      optedIn += r.count(Columns.OPTED_IN_START);
    }
    return optedIn == 0 ? null : (double) optOuts / optedIn;
  }
}
