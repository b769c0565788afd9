package io.optout.config;

import static org.junit.jupiter.api.Assertions.*;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Trino's full-mapping test: every declared key set to a value other than its default must arrive
 * in the resolved {@link OptoutConfig}. A key added to {@link ConfigKeys} without a value here (or
 * without reaching OptoutConfig) fails this test.
 */
class ConfigMappingTest {
  /** A non-default value for a key, and where it must show up. */
  private record Expected(String value, Function<OptoutConfig, Object> read, Object resolved) {}

  private static Map<String, Expected> everyKey() {
    Map<String, Expected> all = new LinkedHashMap<>();
    all.put(
        "optout.timezone",
        new Expected("Europe/Berlin", OptoutConfig::timezone, ZoneId.of("Europe/Berlin")));
    all.put("optout.warehouse", new Expected("/w", OptoutConfig::warehouse, "/w"));
    for (Lake lake : Lake.values()) {
      all.put(
          "optout.lakes." + lake.key() + ".path",
          new Expected("/l/" + lake.key(), c -> c.lake(lake).path(), "/l/" + lake.key()));
      LakeFormat format = lake == Lake.PUSH ? LakeFormat.JSON : LakeFormat.DELTA;
      all.put(
          "optout.lakes." + lake.key() + ".format",
          new Expected(format.sparkName(), c -> c.lake(lake).format(), format));
    }
    all.put("optout.max-reject-ratio", new Expected("0.2", OptoutConfig::maxRejectRatio, 0.2));
    all.put(
        "optout.on-bad-file", new Expected("skip", OptoutConfig::onBadFile, BadFilePolicy.SKIP));
    all.put("optout.late-arrival-days", new Expected("5", OptoutConfig::lateArrivalDays, 5));
    all.put("optout.push.window-days", new Expected("2", OptoutConfig::pushWindowDays, 2));
    all.put(
        "optout.push.received-event-types",
        new Expected(
            "[sent, delivered]", OptoutConfig::receivedEventTypes, List.of("delivered", "sent")));
    all.put("optout.push.histogram-cap", new Expected("4", OptoutConfig::histogramCap, 4));
    all.put(
        "optout.attribution.window-days",
        new Expected("3", OptoutConfig::attributionWindowDays, 3));
    all.put(
        "optout.cohort.lookback-days",
        new Expected("[28, 2]", OptoutConfig::lookbackDays, List.of(2, 28)));
    all.put(
        "optout.spikes.baseline-days", new Expected("14", OptoutConfig::spikesBaselineDays, 14));
    all.put("optout.spikes.min-excess", new Expected("2.5", OptoutConfig::spikesMinExcess, 2.5));
    all.put("optout.spikes.mad-factor", new Expected("4", OptoutConfig::spikesMadFactor, 4.0));
    all.put(
        "optout.push-fatigue.enabled",
        new Expected("false", OptoutConfig::pushFatigueEnabled, false));
    all.put("optout.why.enabled", new Expected("false", c -> c.why().enabled(), false));
    all.put("optout.impact.horizon-days", new Expected("3", c -> c.why().impactHorizonDays(), 3));
    all.put("optout.impact.fdr", new Expected("0.1", c -> c.why().impactFdr(), 0.1));
    all.put(
        "optout.impact.min-recipients", new Expected("40", c -> c.why().impactMinRecipients(), 40));
    all.put("optout.causes.failure-days", new Expected("4", c -> c.why().causesFailureDays(), 4));
    all.put("optout.causes.cascade-days", new Expected("6", c -> c.why().causesCascadeDays(), 6));
    all.put("optout.causes.dormant-days", new Expected("21", c -> c.why().causesDormantDays(), 21));
    all.put(
        "optout.causes.reaction-minutes",
        new Expected("90", c -> c.why().causesReactionMinutes(), 90));
    all.put("optout.cap.period-days", new Expected("14", c -> c.why().capPeriodDays(), 14));
    all.put("optout.cap.min-users", new Expected("50", c -> c.why().capMinUsers(), 50));
    all.put("optout.cap.alpha", new Expected("0.05", c -> c.why().capAlpha(), 0.05));
    all.put("optout.spark.master", new Expected("local[1]", OptoutConfig::sparkMaster, "local[1]"));
    all.put("optout.spark.app-name", new Expected("other", OptoutConfig::sparkAppName, "other"));
    all.put(
        "optout.spark.conf",
        new Expected("{\"spark.x\" = \"y\"}", c -> c.sparkConf().get("spark.x"), "y"));
    return all;
  }

  @Test
  void everyKeySetToAValueOtherThanItsDefaultReachesOptoutConfig() {
    Map<String, Expected> expected = everyKey();
    assertEquals(
        ConfigKeys.all().stream().map(ConfigKey::name).sorted().toList(),
        expected.keySet().stream().sorted().toList(),
        "one expected value per declared key");
    OptoutConfig defaults = ConfigLoader.defaults();
    Map<String, String> overrides = new HashMap<>();
    expected.forEach((key, e) -> overrides.put(key, e.value()));

    OptoutConfig resolved = ConfigLoader.withOverrides(overrides);

    expected.forEach(
        (key, e) -> {
          assertNotEquals(
              e.resolved(),
              e.read().apply(defaults),
              key + ": the test value must differ from the default");
          assertEquals(e.resolved(), e.read().apply(resolved), key);
        });
  }

  @Test
  void environmentVariablesSetTheirDeclaredKeys() {
    Map<String, String> environment = new HashMap<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      key.environmentVariable()
          .ifPresent(v -> environment.put(v, everyKey().get(key.name()).value()));
    }
    assertEquals(7, environment.size(), "warehouse, timezone, spark master and the four lakes");
    OptoutConfig resolved = ConfigLoader.load(Optional.empty(), Map.of(), environment);
    for (ConfigKey<?> key : ConfigKeys.all()) {
      if (key.environmentVariable().isPresent()) {
        Expected e = everyKey().get(key.name());
        assertEquals(e.resolved(), e.read().apply(resolved), key.name());
      }
    }
  }
}
