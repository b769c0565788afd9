package io.optout.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the configuration once, in layers (highest first): explicit overrides ({@code
 * -Dkey=value}), environment variables, the {@code --config} file, defaults a command brings (the
 * demo's paths), the declared defaults of {@link ConfigKeys}; then validates every value and names
 * the offending key when one is wrong.
 */
public final class ConfigLoader {
  /** conf/application.conf, bundled in the jar: the documented copy of the declared defaults. */
  public static final String DEFAULTS_RESOURCE = "application.conf";

  /** Push event types of docs/metrics.md section 2. */
  public static final Set<String> PUSH_EVENT_TYPES = ConfigKeys.PUSH_EVENT_TYPES;

  private ConfigLoader() {}

  /** Defaults only: what tests start from. */
  public static OptoutConfig defaults() {
    return load(Optional.empty(), Map.of(), Map.of());
  }

  /** Defaults with a few keys replaced, e.g. {@code optout.timezone -> Europe/Berlin}. */
  public static OptoutConfig withOverrides(Map<String, String> overrides) {
    return load(Optional.empty(), overrides, Map.of());
  }

  public static OptoutConfig load(
      Optional<Path> file, Map<String, String> overrides, Map<String, String> environment) {
    return load(Map.of(), file, overrides, environment);
  }

  /**
   * As {@link #load(Optional, Map, Map)}, with {@code commandDefaults} between the declared
   * defaults and the file: a command's own defaults that the user's file, environment and -D still
   * override.
   */
  public static OptoutConfig load(
      Map<String, String> commandDefaults,
      Optional<Path> file,
      Map<String, String> overrides,
      Map<String, String> environment) {
    Config merged;
    try {
      merged =
          overrideLayer(overrides)
              .withFallback(environmentLayer(environment))
              .withFallback(fileLayer(file))
              .withFallback(ConfigFactory.parseMap(commandDefaults, "command defaults"))
              .withFallback(declaredDefaults())
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw ConfigErrors.unresolvable(e.getMessage());
    }
    rejectUnknownKeys(merged);
    return validate(merged);
  }

  /** The defaults of every declared key, as a configuration layer. */
  static Config declaredDefaults() {
    Config defaults = ConfigFactory.empty("defaults of io.optout.config.ConfigKeys");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      defaults = defaults.withValue(key.name(), ConfigValueFactory.fromAnyRef(key.defaultValue()));
    }
    return defaults;
  }

  private static Config fileLayer(Optional<Path> file) {
    if (file.isEmpty()) {
      return ConfigFactory.empty();
    }
    Path path = file.get();
    if (!Files.isReadable(path)) {
      throw ConfigErrors.unreadableFile(path);
    }
    try {
      return ConfigFactory.parseFile(path.toFile());
    } catch (com.typesafe.config.ConfigException e) {
      throw ConfigErrors.unparsableFile(path, e.getMessage());
    }
  }

  private static Config environmentLayer(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      key.environmentVariable()
          .map(environment::get)
          .filter(value -> !value.isBlank())
          .ifPresent(value -> values.put(key.name(), value));
    }
    return ConfigFactory.parseMap(values, "environment");
  }

  /** -D values are strings, except lists and objects ("[1, 7]"), which are parsed as HOCON. */
  private static Config overrideLayer(Map<String, String> overrides) {
    Config layer = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String value = e.getValue().trim();
      Config one;
      try {
        one =
            value.startsWith("[") || value.startsWith("{")
                ? ConfigFactory.parseString(e.getKey() + " = " + value)
                : ConfigFactory.parseMap(Map.of(e.getKey(), e.getValue()), "-D options");
      } catch (com.typesafe.config.ConfigException ex) {
        throw ConfigErrors.unparsableOverride(e.getKey(), value);
      }
      layer = one.withFallback(layer);
    }
    return layer;
  }

  private static void rejectUnknownKeys(Config merged) {
    for (Map.Entry<String, ConfigValue> entry : merged.getConfig("optout").entrySet()) {
      String key = "optout." + entry.getKey();
      if (key.startsWith(ConfigKeys.SPARK_CONF.name() + ".")) {
        continue; // free-form Spark settings
      }
      if (ConfigKeys.byName(key).isEmpty()) {
        throw ConfigErrors.unknownKey(key);
      }
    }
  }

  private static OptoutConfig validate(Config c) {
    Map<Lake, LakeConfig> lakes = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      lakes.put(
          lake,
          new LakeConfig(
              ConfigKeys.LAKE_PATH.get(lake).read(c), ConfigKeys.LAKE_FORMAT.get(lake).read(c)));
    }
    return new OptoutConfig(
        ConfigKeys.TIMEZONE.read(c),
        ConfigKeys.WAREHOUSE.read(c),
        lakes,
        ConfigKeys.MAX_REJECT_RATIO.read(c),
        ConfigKeys.LATE_ARRIVAL_DAYS.read(c),
        ConfigKeys.PUSH_WINDOW_DAYS.read(c),
        ConfigKeys.RECEIVED_EVENT_TYPES.read(c),
        ConfigKeys.HISTOGRAM_CAP.read(c),
        ConfigKeys.ATTRIBUTION_WINDOW_DAYS.read(c),
        ConfigKeys.LOOKBACK_DAYS.read(c),
        ConfigKeys.SPIKES_BASELINE_DAYS.read(c),
        ConfigKeys.SPIKES_MIN_EXCESS.read(c),
        ConfigKeys.SPIKES_MAD_FACTOR.read(c),
        ConfigKeys.PUSH_FATIGUE_ENABLED.read(c),
        new WhySettings(
            ConfigKeys.WHY_ENABLED.read(c),
            ConfigKeys.IMPACT_HORIZON_DAYS.read(c),
            ConfigKeys.IMPACT_FDR.read(c),
            ConfigKeys.IMPACT_MIN_RECIPIENTS.read(c),
            ConfigKeys.CAUSES_FAILURE_DAYS.read(c),
            ConfigKeys.CAUSES_CASCADE_DAYS.read(c),
            ConfigKeys.CAUSES_DORMANT_DAYS.read(c),
            ConfigKeys.CAUSES_REACTION_MINUTES.read(c),
            ConfigKeys.CAP_PERIOD_DAYS.read(c),
            ConfigKeys.CAP_MIN_USERS.read(c),
            ConfigKeys.CAP_ALPHA.read(c)),
        ConfigKeys.ON_BAD_FILE.read(c),
        ConfigKeys.SPARK_MASTER.read(c),
        ConfigKeys.SPARK_APP_NAME.read(c),
        ConfigKeys.SPARK_CONF.read(c));
  }
}
