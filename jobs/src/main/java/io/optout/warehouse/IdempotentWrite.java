package io.optout.warehouse;

/**
 * Delta's idempotent-write options of a table write: Delta records {@code (appId, version)} in the
 * commit and skips a later write whose version for the same app id is not greater. A rerun of a
 * killed nightly run writes with the version the killed run used, so the tables that run already
 * committed are not committed again (docs/reliability.md).
 */
public record IdempotentWrite(String appId, long version) {
  /** The app id of every nightly run's writes. */
  public static final String NIGHTLY_APP_ID = "optout-nightly";

  public static IdempotentWrite nightly(long version) {
    return new IdempotentWrite(NIGHTLY_APP_ID, version);
  }
}
