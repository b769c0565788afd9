package io.optout.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Every configuration error the user can see, one factory method per failure kind, so the wording
 * is uniform: {@code <key or source>: <what is wrong> (<what is allowed>)}, one line, exit code 2.
 */
public final class ConfigErrors {
  private ConfigErrors() {}

  public static ConfigException missing(String key) {
    return new ConfigException(key + ": missing");
  }

  public static ConfigException wrongType(String key, String expected, Object got) {
    return new ConfigException(key + ": expected " + expected + ", got " + quoted(got));
  }

  /** A value Typesafe Config itself refuses; its own explanation follows the key. */
  public static ConfigException invalid(String key, String detail) {
    return new ConfigException(key + ": " + io.optout.OptoutException.firstLine(detail));
  }

  public static ConfigException empty(String key) {
    return new ConfigException(key + ": must not be empty");
  }

  public static ConfigException outOfRange(String key, String allowed, Object got) {
    return new ConfigException(key + ": must be " + allowed + ", got " + got);
  }

  public static ConfigException unknownValue(String key, Object got, Collection<?> known) {
    return new ConfigException(
        key + ": unknown value " + quoted(got) + " (known: " + joined(known) + ")");
  }

  public static ConfigException unknownTimeZone(String key, String got) {
    return new ConfigException(
        key + ": unknown time zone " + quoted(got) + " (use an IANA id such as Europe/Berlin)");
  }

  public static ConfigException notDistinct(String key, Object got) {
    return new ConfigException(key + ": values must be distinct, got " + got);
  }

  public static ConfigException unknownKey(String key) {
    return new ConfigException(key + ": unknown configuration key (see conf/application.conf)");
  }

  public static ConfigException unreadableFile(Path file) {
    return new ConfigException("--config " + file + ": file not found or not readable");
  }

  public static ConfigException unparsableFile(Path file, String detail) {
    return new ConfigException("--config " + file + ": " + detail);
  }

  public static ConfigException unparsableOverride(String key, String value) {
    return new ConfigException("-D" + key + ": cannot parse value " + quoted(value));
  }

  /** A substitution (${...}) or merge the HOCON layers cannot resolve. */
  public static ConfigException unresolvable(String detail) {
    return new ConfigException("configuration: " + detail);
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private static String joined(Collection<?> values) {
    return values.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }
}
