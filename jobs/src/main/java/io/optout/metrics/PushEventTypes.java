package io.optout.metrics;

import java.util.List;

/** Push event types (docs/metrics.md section 2) that the metrics single out. */
final class PushEventTypes {
  private PushEventTypes() {}

  static final String OPENED = "opened";
  static final String CLICKED = "clicked";

  /** A touch "interacted" (docs/metrics.md section 4). */
  static final List<String> INTERACTED = List.of(OPENED, CLICKED);
}
