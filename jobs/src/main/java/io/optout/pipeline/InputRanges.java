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
    int eventDaysBefore = eventDays;
    if (config.why().enabled()) {
      // the frequency cap pools the fatigue curve of P - 1 days before the window too; the causes
      // look F days back for failed pushes and Z days back for app events
      pushDays =
          Math.max(
              pushDays,
              Math.max(
                  config.why().capPeriodDays() - 1 + config.pushWindowDays(),
                  config.why().causesFailureDays()));
      eventDaysBefore = Math.max(eventDays, config.why().causesDormantDays());
    }
    Map<Lake, DtRange> ranges = new EnumMap<>(Lake.class);
    ranges.put(
        Lake.CONSENT,
        checkpoint.map(c -> DtRange.from(RunWindow.utcDate(c))).orElse(DtRange.all()));
    // after the window too: campaign reach attributes a delivery to opt-outs up to A days later
    ranges.put(Lake.PUSH, window.partitionsAround(pushDays, config.attributionWindowDays() + 1));
    ranges.put(Lake.EVENT, window.partitionsAround(eventDaysBefore, eventDays));
    ranges.put(Lake.CAMPAIGN, DtRange.all());
    return ranges;
  }
}
