package io.optout.report;

import java.time.LocalDate;
import java.util.List;

/** Opt-outs, opt-ins and net per day and channel (every day of the range), with spike days. */
public record TrendView(
    List<ChannelTrend> channels, List<SpikeMark> spikes, boolean spikesTableMissing) {

  public record ChannelTrend(String channel, List<DayCounts> days) {}

  public record DayCounts(LocalDate day, long optOuts, long optIns) {
    public long net() {
      return optIns - optOuts;
    }
  }

  /** A row of optout_spikes with is_spike true. */
  public record SpikeMark(
      LocalDate day,
      String app,
      String channel,
      long optOuts,
      double baseline,
      double threshold,
      String topCampaignId,
      String topCampaignName,
      long topCampaignOptOuts) {}

  /** The spikes of one channel. */
  public List<SpikeMark> spikesOf(String channel) {
    return spikes.stream().filter(s -> s.channel().equals(channel)).toList();
  }
}
