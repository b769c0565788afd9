package io.optout.config;

/** A configuration value is missing or invalid; the message names the key. */
public class ConfigException extends io.optout.OptoutException {
  public ConfigException(String message) {
    super(message, USAGE);
  }
}
