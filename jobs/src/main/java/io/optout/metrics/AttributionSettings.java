package io.optout.metrics;

import java.util.List;

/**
 * What campaign attribution needs: the window A in days before an opt-out and the push event types
 * that count as received (optout.attribution.window-days, optout.push.received-event-types).
 */
public record AttributionSettings(int windowDays, List<String> receivedEventTypes) {
  public AttributionSettings {
    if (windowDays < 1) {
      throw new IllegalArgumentException(
          "attribution window must be at least 1 day, got " + windowDays);
    }
    receivedEventTypes = List.copyOf(receivedEventTypes);
  }
}
