package io.optout.report;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The campaigns optout_campaign_impact flags harmful in the range, each beside the nearest harmless
 * campaign of the same day, app and channel (docs/report.md, docs/why.md).
 */
public record HarmfulCampaignView(
    int horizonDays,
    double fdr,
    long compared,
    long flagged,
    List<Group> groups,
    int limit,
    boolean tableMissing) {

  /** A view for a warehouse without optout_campaign_impact. */
  static HarmfulCampaignView missing(int horizonDays, double fdr, int limit) {
    return new HarmfulCampaignView(horizonDays, fdr, 0, 0, List.of(), limit, true);
  }

  /** One row of optout_campaign_impact. */
  public record Impact(
      LocalDate day,
      String app,
      String channel,
      String campaignId,
      String name,
      long recipients,
      long optOuts,
      Double expected,
      Double excess,
      Double pValue,
      boolean harmful) {
    public String label() {
      return (name == null ? campaignId : name) + " · " + app + " · " + channel + " · " + day;
    }
  }

  /**
   * The harmful campaigns shown of one (day, app, channel), and the harmless campaign of that group
   * with the smallest p-value (null when the group has no harmless campaign).
   */
  public record Group(
      LocalDate day, String app, String channel, List<Impact> harmful, Impact contrast) {}

  /** Each group's harmful campaigns followed by its contrast: the rows of the chart and table. */
  public List<Impact> shown() {
    return groups.stream()
        .flatMap(
            g ->
                g.contrast() == null
                    ? g.harmful().stream()
                    : Stream.concat(g.harmful().stream(), Stream.of(g.contrast())))
        .toList();
  }
}
