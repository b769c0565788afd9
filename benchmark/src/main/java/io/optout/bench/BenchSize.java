package io.optout.bench;

import java.util.Locale;

/**
 * Named lake sizes of the benchmark. S is the demo's lake; M is the "200,000 users over 90
 * days": at least 30 M app events, 5 M push events and 350 k consent rows; MID lies between.
 */
public enum BenchSize {
  S(20_000, 3, 1.0),
  /** Half of M's users at M's activity: the middle point of how the cost grows. */
  MID(100_000, 2, 3.5),
  M(200_000, 2, 3.5);

  /** Days of the main lake and of the long-history lake. */
  public static final int DAYS = 90;

  public static final int LONG_HISTORY_DAYS = 360;

  private final int users;
  private final int apps;
  private final double activity;

  BenchSize(int users, int apps, double activity) {
    this.users = users;
    this.apps = apps;
    this.activity = activity;
  }

  public int users() {
    return users;
  }

  public int apps() {
    return apps;
  }

  /** Multiplier of app sessions per user and day (generate --activity). */
  public double activity() {
    return activity;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
