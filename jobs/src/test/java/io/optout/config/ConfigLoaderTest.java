package io.optout.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsFollowTheSpec() {
    OptoutConfig c = ConfigLoader.defaults();
    assertEquals(ZoneId.of("UTC"), c.timezone());
    assertEquals(0.01, c.maxRejectRatio());
    assertEquals(3, c.lateArrivalDays());
    assertEquals(7, c.pushWindowDays());
    assertEquals(List.of("delivered"), c.receivedEventTypes());
    assertEquals(10, c.histogramCap());
    assertEquals(7, c.attributionWindowDays());
    assertEquals(List.of(1, 3, 7, 14, 30), c.lookbackDays());
    assertEquals(33, c.nightlyRecomputeDays());
    assertEquals(LakeFormat.PARQUET, c.lake(Lake.EVENT).format());
    assertEquals(28, c.spikesBaselineDays());
    assertEquals(5.0, c.spikesMinExcess());
    assertEquals(3.0, c.spikesMadFactor());
    assertEquals(BadFilePolicy.FAIL, c.onBadFile());
  }

  @Test
  void newKeysAreValidatedWithTheirRanges() {
    assertMessage("optout.spikes.baseline-days", Map.of("optout.spikes.baseline-days", "366"));
    assertMessage("optout.spikes.min-excess", Map.of("optout.spikes.min-excess", "-1"));
    assertMessage("optout.spikes.mad-factor", Map.of("optout.spikes.mad-factor", "many"));
    assertMessage("optout.on-bad-file", Map.of("optout.on-bad-file", "ignore"));
    assertEquals(
        BadFilePolicy.SKIP,
        ConfigLoader.withOverrides(Map.of("optout.on-bad-file", " SKIP ")).onBadFile());
  }

  @Test
  void errorMessagesSayWhatIsAllowed() {
    ConfigException range =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.withOverrides(Map.of("optout.push.window-days", "0")));
    assertEquals("optout.push.window-days: must be 1..366, got 0", range.getMessage());
    ConfigException type =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.withOverrides(Map.of("optout.push.window-days", "seven")));
    assertEquals("optout.push.window-days: expected an int, got 'seven'", type.getMessage());
    ConfigException value =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.withOverrides(Map.of("optout.on-bad-file", "ignore")));
    assertEquals(
        "optout.on-bad-file: unknown value 'ignore' (known: fail, skip)", value.getMessage());
  }

  @Test
  void overridesBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my.conf");
    Files.writeString(
        file,
        "optout { timezone = \"Asia/Tokyo\", warehouse = \"/from/file\", push.window-days = 3 }");
    OptoutConfig c =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("optout.timezone", "Europe/Berlin", "optout.cohort.lookback-days", "[7, 1]"),
            Map.of(
                "OPTOUT_WAREHOUSE",
                "s3a://bucket/warehouse",
                "OPTOUT_TIMEZONE",
                "America/New_York"));
    assertEquals(ZoneId.of("Europe/Berlin"), c.timezone());
    assertEquals("s3a://bucket/warehouse", c.warehouse());
    assertEquals(3, c.pushWindowDays());
    assertEquals(List.of(1, 7), c.lookbackDays());
  }

  @Test
  void errorsNameTheKey() {
    assertMessage("optout.timezone", Map.of("optout.timezone", "Mars/Olympus"));
    assertMessage("optout.max-reject-ratio", Map.of("optout.max-reject-ratio", "1.5"));
    assertMessage("optout.push.window-days", Map.of("optout.push.window-days", "seven"));
    assertMessage(
        "optout.push.received-event-types",
        Map.of("optout.push.received-event-types", "[bounced]"));
    assertMessage("optout.cohort.lookback-days", Map.of("optout.cohort.lookback-days", "[0]"));
    assertMessage("optout.lakes.push.format", Map.of("optout.lakes.push.format", "csv"));
    assertMessage("optout.push.windowdays", Map.of("optout.push.windowdays", "3"));
  }

  @Test
  void spikeSettingsDefaultAndValidate() {
    OptoutConfig c = ConfigLoader.defaults();
    assertEquals(28, c.spikesBaselineDays());
    assertEquals(5.0, c.spikesMinExcess());
    assertEquals(3.0, c.spikesMadFactor());
    OptoutConfig edited =
        ConfigLoader.withOverrides(
            Map.of(
                "optout.spikes.baseline-days",
                "365",
                "optout.spikes.min-excess",
                "0",
                "optout.spikes.mad-factor",
                "2.5"));
    assertEquals(365, edited.spikesBaselineDays());
    assertEquals(0.0, edited.spikesMinExcess());
    assertEquals(2.5, edited.spikesMadFactor());
    assertMessage("optout.spikes.baseline-days", Map.of("optout.spikes.baseline-days", "0"));
    assertMessage("optout.spikes.baseline-days", Map.of("optout.spikes.baseline-days", "366"));
    assertMessage("optout.spikes.min-excess", Map.of("optout.spikes.min-excess", "-1"));
    assertMessage("optout.spikes.min-excess", Map.of("optout.spikes.min-excess", "five"));
    assertMessage("optout.spikes.mad-factor", Map.of("optout.spikes.mad-factor", "-0.5"));
    assertMessage("optout.spikes.mad-factor", Map.of("optout.spikes.mad-factor", "Infinity"));
    assertMessage("optout.spikes.madfactor", Map.of("optout.spikes.madfactor", "3"));
  }

  @Test
  void missingConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.conf");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  private static void assertMessage(String key, Map<String, String> overrides) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.withOverrides(overrides));
    assertTrue(e.getMessage().startsWith(key), e.getMessage());
  }
}
