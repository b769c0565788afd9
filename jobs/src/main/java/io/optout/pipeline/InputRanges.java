package io.optout.pipeline;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The {@code dt} partitions of each lake that a run over a window reads. */
public final class InputRanges {
  private InputRanges() {}

  /**
   * Consent from the checkpoint on (all of it without one); pushes from the widest push window
   * before the window to the attribution window after it; events the widest lookback either side.
   */
  public static Map<Lake, DtRange> of(
      RunWindow window, Optional<Instant> checkpoint, OptoutConfig config) {
    int pushDays = Math.max(config.pushWindowDays(), config.attributionWindowDays());
    int eventDays = config.maxLookbackDays();
    Map<Lake, DtRange> ranges = new EnumMap<>(Lake.class);
    ranges.put(
        Lake.CONSENT,
        checkpoint.map(c -> DtRange.from(RunWindow.utcDate(c))).orElse(DtRange.all()));
    // after the window too: campaign reach attributes a delivery to opt-outs up to A days later
    ranges.put(Lake.PUSH, window.partitionsAround(pushDays, config.attributionWindowDays() + 1));
    ranges.put(Lake.EVENT, window.partitionsAround(eventDays, eventDays));
    ranges.put(Lake.CAMPAIGN, DtRange.all());
    return ranges;
  }
}
