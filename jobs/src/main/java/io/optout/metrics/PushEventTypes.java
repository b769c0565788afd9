package io.optout.metrics;

import java.util.List;

/** Push event types (SPEC section 2) that the metrics single out. */
final class PushEventTypes {
  private PushEventTypes() {}

  static final String OPENED = "opened";
  static final String CLICKED = "clicked";

  /** A touch "interacted" (SPEC section 4). */
  static final List<String> INTERACTED = List.of(OPENED, CLICKED);
}
