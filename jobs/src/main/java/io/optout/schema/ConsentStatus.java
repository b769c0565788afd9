package io.optout.schema;

/**
 * The values of {@code status} in the consent lake and in optout_consent_state (docs/metrics.md
 * sections 2 and 3).
 */
public final class ConsentStatus {
  private ConsentStatus() {}

  public static final String OPT_IN = "opt_in";
  public static final String OPT_OUT = "opt_out";
}
