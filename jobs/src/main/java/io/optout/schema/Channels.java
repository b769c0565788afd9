package io.optout.schema;

import java.util.List;
import java.util.Set;

/**
 * The consent channels of the data contract (docs/metrics.md section 2): the values a consent row's
 * {@code channel} may hold and an export or report may filter on.
 */
public final class Channels {
  private Channels() {}

  public static final String PUSH = "push";
  public static final String EMAIL = "email";
  public static final String SMS = "sms";

  /** In the order shown to users. */
  public static final List<String> ALL = List.of(PUSH, EMAIL, SMS);

  public static final Set<String> SET = Set.copyOf(ALL);
}
