package io.optout.report;

import io.optout.export.ExportPeriod;

/**
 * Headline numbers of the range and of the period of the same length before it. The opt-out rate is
 * null when optout_base is absent or no key was opted in (see docs/report.md).
 */
public record Headline(Totals current, Totals previous, boolean baseTableMissing) {

  /**
   * Sums over one period. {@code optOutRate}: sum(opt_outs) / sum(opted_in_start) of optout_base.
   */
  public record Totals(ExportPeriod period, long optOuts, long optIns, Double optOutRate) {
    public long net() {
      return optIns - optOuts;
    }
  }
}
