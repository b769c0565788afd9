package io.optout.metrics;

import java.util.List;

/**
 * What push pressure needs: the window W in days and the push event types that count as received
 * (optout.push.window-days, optout.push.received-event-types).
 */
public record PushSettings(int windowDays, List<String> receivedEventTypes) {
  public PushSettings {
    if (windowDays < 1) {
      throw new IllegalArgumentException("push window must be at least 1 day, got " + windowDays);
    }
    receivedEventTypes = List.copyOf(receivedEventTypes);
  }
}
