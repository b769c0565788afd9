package io.optout.pipeline;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeReader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every lake a run needs, pruned to its partitions, checks them against the contract and
 * fails the run before anything is written when a lake rejects too many rows.
 *
 * <p>Each lake is scanned once. Consent and push rows are kept after the check, for the metrics
 * that read them again. The event lake, the largest, is listed and its files checked first, but
 * counted only once the opted-out users are known ({@link #events}): the same pass then hands out
 * their rows, the only events the metrics read (docs/performance.md).
 */
public final class LakeInputs {
  private static final Logger LOG = LoggerFactory.getLogger(LakeInputs.class);

  /** Lakes whose checked rows several metrics read: kept rather than scanned again. */
  private static final Set<Lake> KEPT = Set.of(Lake.CONSENT, Lake.PUSH);

  private final Map<Lake, LakeIntake> intakes;
  private final Map<Lake, DtRange> ranges;

  /** The stored event rows, listed and checked file by file, until {@link #events} counts them. */
  private final Dataset<Row> storedEvents;

  private final double maxRejectRatio;
  private final RunPlan plan;

  private LakeInputs(
      Map<Lake, LakeIntake> intakes,
      Map<Lake, DtRange> ranges,
      Dataset<Row> storedEvents,
      double maxRejectRatio,
      RunPlan plan) {
    this.intakes = intakes;
    this.ranges = ranges;
    this.storedEvents = storedEvents;
    this.maxRejectRatio = maxRejectRatio;
    this.plan = plan;
  }

  /** Inputs already checked, e.g. tiny in-memory lakes in a test. */
  static LakeInputs of(Map<Lake, LakeIntake> intakes, Map<Lake, DtRange> ranges) {
    return new LakeInputs(new EnumMap<>(intakes), Map.copyOf(ranges), null, 1.0, RunPlan.OPTIMISED);
  }

  public static LakeInputs read(
      LakeReader reader,
      OptoutConfig config,
      Map<Lake, DtRange> ranges,
      RunPhases phases,
      RunPlan plan) {
    Map<Lake, LakeIntake> intakes = new EnumMap<>(Lake.class);
    try {
      return read(reader, config, ranges, phases, plan, intakes);
    } catch (RuntimeException failure) {
      // the run ends here: free what the lakes read so far keep (the session may serve other runs)
      intakes.values().forEach(LakeIntake::release);
      throw failure;
    }
  }

  private static LakeInputs read(
      LakeReader reader,
      OptoutConfig config,
      Map<Lake, DtRange> ranges,
      RunPhases phases,
      RunPlan plan,
      Map<Lake, LakeIntake> intakes) {
    Dataset<Row> storedEvents = null;
    for (Lake lake : Lake.values()) {
      DtRange range = ranges.getOrDefault(lake, DtRange.all());
      String phase = "read " + lake.key();
      if (lake == Lake.EVENT) {
        storedEvents = phases.time(phase, () -> reader.read(lake, config.lake(lake), range));
        continue;
      }
      LakeIntake intake =
          phases.time(
              phase,
              () -> {
                Dataset<Row> stored = reader.read(lake, config.lake(lake), range);
                return KEPT.contains(lake)
                    ? LakeIntake.keeping(lake, stored)
                    : LakeIntake.of(lake, stored);
              });
      intakes.put(lake, intake);
      LOG.info("{} ({}): {}", lake.key(), range, intake);
    }
    LakeInputs inputs =
        new LakeInputs(intakes, ranges, storedEvents, config.maxRejectRatio(), plan);
    inputs.checkRejectRatios();
    return inputs;
  }

  /**
   * The event lake's intake: counted now, with the rows of {@code optOutUsers} ({@code app_id,
   * user_id}) handed out by the same pass when the run plan selects them; fails the run when it
   * rejects too many rows.
   */
  LakeIntake events(Dataset<Row> optOutUsers, RunPhases phases) {
    if (!intakes.containsKey(Lake.EVENT)) {
      LakeIntake intake =
          phases.time(
              "read " + Lake.EVENT.key(), () -> plan.eventIntake(storedEvents, optOutUsers));
      intakes.put(Lake.EVENT, intake);
      LOG.info("{} ({}): {}", Lake.EVENT.key(), range(Lake.EVENT), intake);
      checkRejectRatios();
    }
    return intakes.get(Lake.EVENT);
  }

  /** Fails the run when a lake counted so far rejected too many rows, freeing what they keep. */
  private void checkRejectRatios() {
    try {
      checkRejectRatios(maxRejectRatio);
    } catch (OptoutException e) {
      // the run ends here: free what the intakes keep (the session may serve other runs)
      intakes.values().forEach(LakeIntake::release);
      throw e;
    }
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

  /** The lakes counted so far (the event lake once {@link #events} counted it). */
  public java.util.Collection<LakeIntake> all() {
    return List.copyOf(intakes.values());
  }
}
