package io.optout.report;

import java.util.List;

/** Last campaigns before opting out, per touch kind, ranked by opt-outs (optout_last_campaign). */
public record CampaignView(
    int attributionDays, List<CampaignRow> received, List<CampaignRow> interacted, int limit) {

  /**
   * One campaign (campaignId null: "no campaign"). deliveries and attributedOptOuts come from
   * optout_campaign_reach over the same days and app (reach has no channel).
   */
  public record CampaignRow(
      String app,
      String campaignId,
      String name,
      long optOuts,
      long deliveries,
      long attributedOptOuts) {
    public Double perThousandDeliveries() {
      return deliveries == 0 ? null : 1000.0 * attributedOptOuts / deliveries;
    }

    public String label() {
      if (campaignId == null) {
        return "(no campaign) · " + app;
      }
      return (name == null ? campaignId : name) + " · " + app;
    }
  }
}
