package io.optout.report;

import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import java.util.Objects;

/**
 * One report: the opt-out date range (as for export), the app/channel filters, the lookback and
 * measure of the last-events view, whether non-final cohort rows count, and the HTML file to write.
 */
public record ReportRequest(
    ExportPeriod period,
    ExportFilters filters,
    int lookback,
    Measure measure,
    boolean includeNonFinal,
    String out) {

  public ReportRequest {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(out, "out");
  }

  /** The period of the same length just before this one, for the headline comparison. */
  public ExportPeriod previousPeriod() {
    long days = period.days();
    return ExportPeriod.between(
        period.from().minusDays(days), period.from().minusDays(1), period.asOf());
  }
}
