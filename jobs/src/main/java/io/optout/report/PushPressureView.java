package io.optout.report;

import java.util.List;

/**
 * Push pressure: the histogram of pushes received in the window before opting out
 * (optout_push_histogram), and the fatigue curve of optout_push_fatigue summed over the range.
 */
public record PushPressureView(
    int windowDays,
    List<Bucket> histogram,
    List<FatiguePoint> fatigue,
    boolean fatigueTableMissing) {

  public record Bucket(int pushes, String label, long optOuts) {}

  /** One bucket of the fatigue curve: users at risk and their opt-outs, summed over the days. */
  public record FatiguePoint(int pushes, String label, long usersAtRisk, long optOuts) {
    public Double perThousand() {
      return usersAtRisk == 0 ? null : 1000.0 * optOuts / usersAtRisk;
    }

    /**
     * The point's tooltip in every fatigue chart: "3 pushes: 2.5 opt-outs per 1,000 (2 of 800)".
     */
    public String tooltip() {
      return label
          + " pushes: "
          + Html.perThousand(perThousand())
          + " opt-outs per 1,000 ("
          + Html.count(optOuts)
          + " of "
          + Html.count(usersAtRisk)
          + ")";
    }
  }
}
