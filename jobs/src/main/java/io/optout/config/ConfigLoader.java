package io.optout.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the configuration once, in layers (highest first): explicit overrides ({@code -Dkey=value}),
 * environment variables, the {@code --config} file, the bundled {@code application.conf}; then
 * validates every value and names the offending key when one is wrong.
 */
public final class ConfigLoader {
  public static final String DEFAULTS_RESOURCE = "application.conf";

  /** Push event types of SPEC section 2. */
  public static final Set<String> PUSH_EVENT_TYPES =
      Set.of("sent", "delivered", "opened", "clicked", "dismissed", "failed");

  private static final Map<String, String> ENVIRONMENT_KEYS =
      Map.of(
          "OPTOUT_WAREHOUSE", "optout.warehouse",
          "OPTOUT_TIMEZONE", "optout.timezone",
          "OPTOUT_SPARK_MASTER", "optout.spark.master",
          "OPTOUT_LAKE_CONSENT", "optout.lakes.consent.path",
          "OPTOUT_LAKE_PUSH", "optout.lakes.push.path",
          "OPTOUT_LAKE_CAMPAIGN", "optout.lakes.campaign.path",
          "OPTOUT_LAKE_EVENT", "optout.lakes.event.path");

  private ConfigLoader() {}

  /** Defaults only: what tests and the demo start from. */
  public static OptoutConfig defaults() {
    return load(Optional.empty(), Map.of(), Map.of());
  }

  /** Defaults with a few keys replaced, e.g. {@code optout.timezone -> Europe/Berlin}. */
  public static OptoutConfig withOverrides(Map<String, String> overrides) {
    return load(Optional.empty(), overrides, Map.of());
  }

  public static OptoutConfig load(
      Optional<Path> file, Map<String, String> overrides, Map<String, String> environment) {
    Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE);
    if (defaults.isEmpty()) {
      throw new ConfigException("bundled " + DEFAULTS_RESOURCE + " is missing from the classpath");
    }
    Config fromFile = ConfigFactory.empty();
    if (file.isPresent()) {
      Path path = file.get();
      if (!Files.isReadable(path)) {
        throw new ConfigException("--config " + path + ": file not found or not readable");
      }
      try {
        fromFile = ConfigFactory.parseFile(path.toFile());
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("--config " + path + ": " + e.getMessage());
      }
    }
    Map<String, String> fromEnv = new HashMap<>();
    ENVIRONMENT_KEYS.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null && !value.isBlank()) {
            fromEnv.put(key, value);
          }
        });
    Config merged;
    try {
      merged =
          overrideLayer(overrides)
              .withFallback(ConfigFactory.parseMap(fromEnv, "environment"))
              .withFallback(fromFile)
              .withFallback(defaults)
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(e.getMessage());
    }
    rejectUnknownKeys(merged, defaults);
    return validate(merged);
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
        throw new ConfigException("-D" + e.getKey() + ": cannot parse value '" + value + "'");
      }
      layer = one.withFallback(layer);
    }
    return layer;
  }

  private static void rejectUnknownKeys(Config merged, Config defaults) {
    for (Map.Entry<String, ConfigValue> entry : merged.getConfig("optout").entrySet()) {
      String key = "optout." + entry.getKey();
      if (key.startsWith("optout.spark.conf.")) {
        continue; // free-form Spark settings
      }
      if (!defaults.hasPath(key)) {
        throw new ConfigException(key + ": unknown configuration key (see conf/application.conf)");
      }
    }
  }

  private static OptoutConfig validate(Config c) {
    ZoneId zone = zone(c, "optout.timezone");
    String warehouse = nonBlank(c, "optout.warehouse");
    Map<Lake, LakeConfig> lakes = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      String prefix = "optout.lakes." + lake.key();
      lakes.put(
          lake,
          new LakeConfig(nonBlank(c, prefix + ".path"), format(c, prefix + ".format")));
    }
    double ratio = number(c, "optout.max-reject-ratio");
    if (ratio < 0 || ratio > 1) {
      throw new ConfigException("optout.max-reject-ratio: must be between 0 and 1, got " + ratio);
    }
    List<String> received =
        stringList(c, "optout.push.received-event-types").stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .toList();
    if (received.isEmpty()) {
      throw new ConfigException("optout.push.received-event-types: must name at least one event type");
    }
    for (String type : received) {
      if (!PUSH_EVENT_TYPES.contains(type)) {
        throw new ConfigException(
            "optout.push.received-event-types: unknown push event type '" + type + "' (known: "
                + String.join(", ", PUSH_EVENT_TYPES.stream().sorted().toList()) + ")");
      }
    }
    List<Integer> lookbacks = intList(c, "optout.cohort.lookback-days");
    if (lookbacks.isEmpty()) {
      throw new ConfigException("optout.cohort.lookback-days: must list at least one lookback");
    }
    for (int x : lookbacks) {
      if (x < 1 || x > 366) {
        throw new ConfigException("optout.cohort.lookback-days: each lookback must be 1..366 days, got " + x);
      }
    }
    if (Set.copyOf(lookbacks).size() != lookbacks.size()) {
      throw new ConfigException("optout.cohort.lookback-days: lookbacks must be distinct, got " + lookbacks);
    }
    return new OptoutConfig(
        zone,
        warehouse,
        lakes,
        ratio,
        intInRange(c, "optout.late-arrival-days", 0, 366),
        intInRange(c, "optout.push.window-days", 1, 366),
        received.stream().distinct().sorted().toList(),
        intInRange(c, "optout.push.histogram-cap", 1, 100_000),
        intInRange(c, "optout.attribution.window-days", 1, 366),
        lookbacks.stream().sorted().toList(),
        nonBlank(c, "optout.spark.master"),
        nonBlank(c, "optout.spark.app-name"),
        sparkConf(c),
        badFilePolicy(c, "optout.on-bad-file"));
  }

  private static BadFilePolicy badFilePolicy(Config c, String key) {
    String value = nonBlank(c, key);
    return BadFilePolicy.parse(value)
        .orElseThrow(() -> new ConfigException(key + ": unknown value '" + value + "' (use fail or skip)"));
  }

  private static Map<String, String> sparkConf(Config c) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (c.hasPath("optout.spark.conf")) {
      c.getObject("optout.spark.conf")
          .unwrapped()
          .forEach((k, v) -> conf.put(k, String.valueOf(v)));
    }
    return conf;
  }

  private static ZoneId zone(Config c, String key) {
    String id = nonBlank(c, key);
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new ConfigException(key + ": unknown time zone '" + id + "' (use an IANA id such as Europe/Berlin)");
    }
  }

  private static LakeFormat format(Config c, String key) {
    String value = nonBlank(c, key).trim().toUpperCase(Locale.ROOT);
    try {
      return LakeFormat.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": unknown format '" + c.getString(key) + "' (use parquet, delta or json)");
    }
  }

  private static String nonBlank(Config c, String key) {
    String value = guarded(key, () -> c.getString(key));
    if (value.isBlank()) {
      throw new ConfigException(key + ": must not be empty");
    }
    return value;
  }

  private static double number(Config c, String key) {
    return guarded(key, () -> c.getDouble(key));
  }

  private static int intInRange(Config c, String key, int min, int max) {
    int value = guarded(key, () -> c.getInt(key));
    if (value < min || value > max) {
      throw new ConfigException(key + ": must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static List<String> stringList(Config c, String key) {
    return guarded(key, () -> c.getStringList(key));
  }

  private static List<Integer> intList(Config c, String key) {
    return guarded(key, () -> c.getIntList(key));
  }

  private static <T> T guarded(String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw new ConfigException(key + ": missing");
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw new ConfigException(key + ": wrong type (" + e.getMessage() + ")");
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }
}
