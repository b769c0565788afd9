package io.optout.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One configuration key, declared once: its name, type, default, allowed values, meaning and
 * (optionally) the environment variable that sets it. {@link #read} validates the resolved value
 * and names the key in every error; docs/configuration.md (generated) and {@code
 * conf/application.conf} are checked against these declarations by tests.
 *
 * @param <T> the type of the validated value
 */
public final class ConfigKey<T> {
  /** Reads and validates the value of {@code key} from a resolved configuration. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Config config, String key);
  }

  private final String name;
  private final String type;
  private final Object defaultValue;
  private final String allowed;
  private final String description;
  private final Optional<String> environmentVariable;
  private final Reader<T> reader;

  private ConfigKey(
      String name,
      String type,
      Object defaultValue,
      String allowed,
      String description,
      Optional<String> environmentVariable,
      Reader<T> reader) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.description = description;
    this.environmentVariable = environmentVariable;
    this.reader = reader;
  }

  /** Full path, e.g. {@code optout.push.window-days}. */
  public String name() {
    return name;
  }

  /**
   * The type as docs/configuration.md shows it: string, int, number, time zone, enum, list of int,
   * ...
   */
  public String type() {
    return type;
  }

  /** The default as a plain value HOCON accepts (String, Integer, Double, List or Map). */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The allowed values in words, e.g. {@code 1..366} or {@code fail, skip}. */
  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  public Optional<String> environmentVariable() {
    return environmentVariable;
  }

  /**
   * The validated value of this key in {@code config}; a {@link ConfigException} naming the key
   * otherwise.
   */
  public T read(Config config) {
    return reader.read(config, name);
  }

  /** The same key, also set by the environment variable {@code variable}. */
  ConfigKey<T> env(String variable) {
    return new ConfigKey<>(
        name, type, defaultValue, allowed, description, Optional.of(variable), reader);
  }

  // ---- kinds of keys ----

  static ConfigKey<String> text(String name, String defaultValue, String description) {
    return new ConfigKey<>(
        name,
        "string",
        defaultValue,
        "not empty",
        description,
        Optional.empty(),
        ConfigKey::nonBlank);
  }

  static ConfigKey<ZoneId> timeZone(String name, String defaultValue, String description) {
    return new ConfigKey<>(
        name,
        "time zone",
        defaultValue,
        "IANA id",
        description,
        Optional.empty(),
        (c, key) -> {
          String id = nonBlank(c, key);
          try {
            return ZoneId.of(id);
          } catch (DateTimeException e) {
            throw ConfigErrors.unknownTimeZone(key, id);
          }
        });
  }

  static ConfigKey<Integer> integer(
      String name, int defaultValue, int min, int max, String description) {
    String allowed = min + ".." + max;
    return new ConfigKey<>(
        name,
        "int",
        defaultValue,
        allowed,
        description,
        Optional.empty(),
        (c, key) -> {
          int value = guarded(c, key, "an int", () -> c.getInt(key));
          if (value < min || value > max) {
            throw ConfigErrors.outOfRange(key, allowed, value);
          }
          return value;
        });
  }

  /** A number in {@code [min, max]}; {@code max} may be infinite. */
  static ConfigKey<Double> number(
      String name, double defaultValue, double min, double max, String description) {
    String allowed = Double.isInfinite(max) ? ">= " + plain(min) : plain(min) + ".." + plain(max);
    return new ConfigKey<>(
        name,
        "number",
        defaultValue,
        allowed,
        description,
        Optional.empty(),
        (c, key) -> {
          double value = guarded(c, key, "a number", () -> c.getDouble(key));
          if (!Double.isFinite(value) || value < min || value > max) {
            throw ConfigErrors.outOfRange(key, allowed, value);
          }
          return value;
        });
  }

  static ConfigKey<Boolean> flag(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(
        name,
        "boolean",
        defaultValue,
        "true, false",
        description,
        Optional.empty(),
        (c, key) -> guarded(c, key, "true or false", () -> c.getBoolean(key)));
  }

  /** One of the constants of {@code type}, written in lower case in the configuration. */
  static <E extends Enum<E>> ConfigKey<E> oneOf(
      String name, Class<E> type, E defaultValue, String description) {
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    return new ConfigKey<>(
        name,
        "enum",
        defaultValue.name().toLowerCase(Locale.ROOT),
        String.join(", ", names),
        description,
        Optional.empty(),
        (c, key) -> {
          String value = nonBlank(c, key).trim();
          for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
              return constant;
            }
          }
          throw ConfigErrors.unknownValue(key, value, names);
        });
  }

  /** A non-empty list of distinct ints in {@code [min, max]}, returned sorted. */
  static ConfigKey<List<Integer>> distinctInts(
      String name, List<Integer> defaultValue, int min, int max, String description) {
    String allowed = "distinct, each " + min + ".." + max;
    return new ConfigKey<>(
        name,
        "list of int",
        defaultValue,
        allowed,
        description,
        Optional.empty(),
        (c, key) -> {
          List<Integer> values = guarded(c, key, "a list of ints", () -> c.getIntList(key));
          if (values.isEmpty()) {
            throw ConfigErrors.empty(key);
          }
          for (int value : values) {
            if (value < min || value > max) {
              throw ConfigErrors.outOfRange(key, allowed, value);
            }
          }
          if (Set.copyOf(values).size() != values.size()) {
            throw ConfigErrors.notDistinct(key, values);
          }
          return values.stream().sorted().toList();
        });
  }

  /** A non-empty list drawn from {@code known} (case-insensitive), returned distinct and sorted. */
  static ConfigKey<List<String>> subsetOf(
      String name, List<String> defaultValue, Set<String> known, String description) {
    String allowed = "some of " + String.join(", ", known.stream().sorted().toList());
    return new ConfigKey<>(
        name,
        "list of string",
        defaultValue,
        allowed,
        description,
        Optional.empty(),
        (c, key) -> {
          List<String> values =
              guarded(c, key, "a list of strings", () -> c.getStringList(key)).stream()
                  .map(s -> s.trim().toLowerCase(Locale.ROOT))
                  .toList();
          if (values.isEmpty()) {
            throw ConfigErrors.empty(key);
          }
          for (String value : values) {
            if (!known.contains(value)) {
              throw ConfigErrors.unknownValue(key, value, known);
            }
          }
          return values.stream().distinct().sorted().toList();
        });
  }

  /** A free-form object of settings (key = value), each value read as text. */
  static ConfigKey<Map<String, String>> settings(
      String name, Map<String, String> defaultValue, String description) {
    return new ConfigKey<>(
        name,
        "object",
        defaultValue,
        "any keys",
        description,
        Optional.empty(),
        (c, key) -> {
          Map<String, String> values = new LinkedHashMap<>();
          guarded(c, key, "an object", () -> c.getObject(key))
              .forEach((k, v) -> values.put(k, String.valueOf(v.unwrapped())));
          return values;
        });
  }

  // ---- reading helpers ----

  private static String nonBlank(Config c, String key) {
    String value = guarded(c, key, "a string", () -> c.getString(key));
    if (value.isBlank()) {
      throw ConfigErrors.empty(key);
    }
    return value;
  }

  /** Turns Typesafe's exceptions into one-line errors naming the key, by exception type. */
  private static <V> V guarded(Config c, String key, String expected, Supplier<V> read) {
    try {
      return read.get();
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw ConfigErrors.missing(key);
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw ConfigErrors.wrongType(key, expected, rendered(c, key));
    } catch (com.typesafe.config.ConfigException e) {
      throw ConfigErrors.invalid(key, e.getMessage());
    }
  }

  private static Object rendered(Config c, String key) {
    ConfigValue value = c.getValue(key);
    return value.unwrapped() instanceof String s ? s : value.render();
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
