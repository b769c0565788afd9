package io.optout.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The resolved, validated configuration of one run. Read once at start ({@link ConfigLoader}) and
 * passed to whatever needs it; never mutated. Each component is declared, with its default and
 * allowed values, in {@link ConfigKeys}.
 */
public record OptoutConfig(
    ZoneId timezone,
    String warehouse,
    Map<Lake, LakeConfig> lakes,
    double maxRejectRatio,
    int lateArrivalDays,
    int pushWindowDays,
    List<String> receivedEventTypes,
    int histogramCap,
    int attributionWindowDays,
    List<Integer> lookbackDays,
    int spikesBaselineDays,
    double spikesMinExcess,
    double spikesMadFactor,
    boolean pushFatigueEnabled,
    WhySettings why,
    BadFilePolicy onBadFile,
    String sparkMaster,
    String sparkAppName,
    Map<String, String> sparkConf) {

  public OptoutConfig {
    lakes = Map.copyOf(lakes);
    receivedEventTypes = List.copyOf(receivedEventTypes);
    lookbackDays = List.copyOf(lookbackDays);
    sparkConf = Map.copyOf(sparkConf);
  }

  public LakeConfig lake(Lake lake) {
    return lakes.get(lake);
  }

  public int maxLookbackDays() {
    return lookbackDays.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** R of docs/metrics.md section 6: how many days before D a nightly run recomputes. */
  public int nightlyRecomputeDays() {
    return maxLookbackDays() + lateArrivalDays;
  }
}
