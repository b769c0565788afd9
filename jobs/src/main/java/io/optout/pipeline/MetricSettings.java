package io.optout.pipeline;

import io.optout.config.OptoutConfig;
import io.optout.metrics.AttributionSettings;
import io.optout.metrics.PushSettings;

/** The small settings each metric takes, cut from the run's configuration. */
final class MetricSettings {
  private MetricSettings() {}

  static PushSettings push(OptoutConfig config) {
    return new PushSettings(config.pushWindowDays(), config.receivedEventTypes());
  }

  static AttributionSettings attribution(OptoutConfig config) {
    return new AttributionSettings(config.attributionWindowDays(), config.receivedEventTypes());
  }
}
