package io.optout.report;

import io.optout.report.PushPressureView.FatiguePoint;
import java.time.LocalDate;
import java.util.List;

/**
 * Per app and channel, the latest optout_frequency_cap row of the range: where the opt-out risk
 * steps up with the pushes received, and the recommended cap; with the fatigue curve
 * (optout_push_fatigue) pooled over the same days the step was found on (docs/why.md).
 */
public record FrequencyCapView(
    int periodDays,
    int windowDays,
    double alpha,
    List<Cap> caps,
    int chartLimit,
    boolean capTableMissing,
    boolean fatigueTableMissing) {

  static FrequencyCapView missing(
      int periodDays, int windowDays, double alpha, int chartLimit, boolean fatigueMissing) {
    return new FrequencyCapView(
        periodDays, windowDays, alpha, List.of(), chartLimit, true, fatigueMissing);
  }

  /**
   * One app and channel on the latest day of the range it has a row for. Everything from stepAt on
   * is null when no split was eligible. {@code curve}: the fatigue rows of the periodDays days up
   * to {@code day}, from 1 push on (the pushes the step search pools), summed per bucket.
   */
  public record Cap(
      LocalDate day,
      String app,
      String channel,
      int eligibleCandidates,
      Integer stepAt,
      Double rateBelow,
      Double rateAbove,
      Double pValue,
      boolean significant,
      Integer recommendedCap,
      List<FatiguePoint> curve) {

    public String label() {
      return app + " · " + channel;
    }
  }

  /**
   * The caps whose curve is drawn: those with a step, significant ones first, at most the limit.
   */
  public List<Cap> charted() {
    return caps.stream()
        .filter(c -> c.stepAt() != null && !c.curve().isEmpty())
        .sorted(FrequencyCapQuery.CHART_ORDER)
        .limit(chartLimit)
        .toList();
  }
}
