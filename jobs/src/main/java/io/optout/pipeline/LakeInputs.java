package io.optout.pipeline;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeReader;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every lake a run needs, pruned to its partitions, checks them against the contract and
 * fails the run before anything is written when a lake rejects too many rows.
 */
public final class LakeInputs {
  private static final Logger LOG = LoggerFactory.getLogger(LakeInputs.class);

  private final Map<Lake, LakeIntake> intakes;
  private final Map<Lake, DtRange> ranges;

  private LakeInputs(Map<Lake, LakeIntake> intakes, Map<Lake, DtRange> ranges) {
    this.intakes = intakes;
    this.ranges = ranges;
  }

  /** Inputs already checked, e.g. tiny in-memory lakes in a test. */
  static LakeInputs of(Map<Lake, LakeIntake> intakes, Map<Lake, DtRange> ranges) {
    return new LakeInputs(new EnumMap<>(intakes), Map.copyOf(ranges));
  }

  public static LakeInputs read(
      LakeReader reader, OptoutConfig config, Map<Lake, DtRange> ranges, RunPhases phases) {
    Map<Lake, LakeIntake> intakes = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      DtRange range = ranges.getOrDefault(lake, DtRange.all());
      LakeIntake intake =
          phases.time(
              "read " + lake.key(),
              () -> LakeIntake.of(lake, reader.read(lake, config.lake(lake), range)));
      intakes.put(lake, intake);
      LOG.info("{} ({}): {}", lake.key(), range, intake);
    }
    LakeInputs inputs = new LakeInputs(intakes, ranges);
    try {
      inputs.checkRejectRatios(config.maxRejectRatio());
    } catch (OptoutException e) {
      // the run ends here: free what the intakes keep (the session may serve other runs)
      intakes.values().forEach(LakeIntake::release);
      throw e;
    }
    return inputs;
  }

  private void checkRejectRatios(double maxRatio) {
    for (LakeIntake intake : intakes.values()) {
      if (intake.rejectedShare() > maxRatio) {
        String rule = intake.commonestRule();
        String message =
            String.format(
                "lake %s rejected %d of %d rows (%.2f%% > optout.max-reject-ratio %.2f%%); most"
                    + " common rule '%s', e.g. %s",
                intake.lake().key(),
                intake.rowsRejected(),
                intake.rowsRead(),
                100 * intake.rejectedShare(),
                100 * maxRatio,
                rule,
                intake.exampleOf(rule));
        throw new OptoutException(message);
      }
    }
  }

  public LakeIntake get(Lake lake) {
    return intakes.get(lake);
  }

  public DtRange range(Lake lake) {
    return ranges.getOrDefault(lake, DtRange.all());
  }

  public java.util.Collection<LakeIntake> all() {
    return intakes.values();
  }
}
