package io.optout.generate;

import java.io.Serializable;
import java.util.List;

/**
 * The campaigns of every app, decided once on the driver and shipped to the executors: the rows of
 * the campaign dimension, and when each broadcast goes out to which user segments.
 */
record CampaignPlan(
    List<CampaignVersion> versions,
    List<List<BroadcastWave>> wavesByApp,
    List<AutomatedCampaigns> automatedByApp)
    implements Serializable {

  /** One row of the campaign lake: a version of a campaign. {@code createdAt} may be null. */
  record CampaignVersion(
      String appId,
      String campaignId,
      String name,
      String type,
      String channel,
      Long createdAt,
      long updatedAt)
      implements Serializable {}

  /**
   * One burst of a broadcast: users of the segments in {@code segmentMask} are sent the push at a
   * moment within {@code [time, time + spread)}. {@code optOutFactor} multiplies the opt-out risk
   * of each delivery: above 1 for the few irritating campaigns that cause opt-out spikes.
   */
  record BroadcastWave(
      String campaignId, long time, long spread, int segmentMask, double optOutFactor)
      implements Serializable {
    boolean targets(int segment) {
      return (segmentMask & (1 << segment)) != 0;
    }
  }

  /**
   * Campaign ids of an app's automated journeys (null before the journey existed is not modelled).
   */
  record AutomatedCampaigns(String welcome, String winBack, String cartReminder)
      implements Serializable {}

  List<BroadcastWave> waves(int app) {
    return wavesByApp.get(app);
  }

  AutomatedCampaigns automated(int app) {
    return automatedByApp.get(app);
  }
}
