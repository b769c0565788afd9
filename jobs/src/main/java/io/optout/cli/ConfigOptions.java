package io.optout.cli;

import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares: the configuration file and key overrides. */
public class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file with the keys to change (defaults: conf/application.conf).")
  Path configFile;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. -Doptout.timezone=Europe/Berlin.")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** Reads and validates the configuration once; the result is passed to the job. */
  public OptoutConfig load() {
    return load(Map.of(), System.getenv());
  }

  /**
   * As {@link #load()}, with a command's own defaults below the --config file, the environment and
   * -D (the demo's paths under --data).
   */
  OptoutConfig load(Map<String, String> commandDefaults, Map<String, String> environment) {
    return ConfigLoader.load(
        commandDefaults, Optional.ofNullable(configFile), overrides, environment);
  }
}
