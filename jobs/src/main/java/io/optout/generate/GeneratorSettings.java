package io.optout.generate;

import io.optout.OptoutException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the sample lake generator produces: {@code users} users spread over {@code apps} apps, with
 * push and app activity on the {@code days} UTC days starting at {@code start}. The same settings
 * always give the same rows.
 */
public record GeneratorSettings(
    int users, int days, LocalDate start, int apps, long seed, double activity)
    implements Serializable {
  public static final int DEFAULT_USERS = 20_000;
  public static final int DEFAULT_DAYS = 90;
  public static final int DEFAULT_APPS = 3;
  public static final long DEFAULT_SEED = 42L;

  /** Multiplier of each user's app sessions per day; the benchmark's M lake raises it. */
  public static final double DEFAULT_ACTIVITY = 1.0;

  static final double MAX_ACTIVITY = 20.0;

  /** Enough for years of history while keeping every timestamp well inside Spark's range. */
  static final int MAX_DAYS = 3_660;

  /** App names come from a short list (then app9, app10, ...); more apps only dilute the sample. */
  static final int MAX_APPS = 100;

  public GeneratorSettings {
    if (users < 1) {
      throw OptoutException.usage("--users must be at least 1, got " + users);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw OptoutException.usage("--days must be between 1 and " + MAX_DAYS + ", got " + days);
    }
    if (apps < 1 || apps > MAX_APPS) {
      throw OptoutException.usage("--apps must be between 1 and " + MAX_APPS + ", got " + apps);
    }
    if (!(activity > 0 && activity <= MAX_ACTIVITY)) {
      throw OptoutException.usage(
          "--activity must be above 0 and at most " + MAX_ACTIVITY + ", got " + activity);
    }
    if (start == null) {
      throw OptoutException.usage("--start is required");
    }
  }

  /** Settings with the default activity. */
  public GeneratorSettings(int users, int days, LocalDate start, int apps, long seed) {
    this(users, days, start, apps, seed, DEFAULT_ACTIVITY);
  }

  /** Default start: the lake ends with yesterday, so {@code start = today - days} (UTC). */
  public static LocalDate defaultStart(LocalDate todayUtc, int days) {
    return todayUtc.minusDays(days);
  }

  /** First instant with activity (UTC midnight of {@code start}), in epoch milliseconds. */
  long startMillis() {
    return start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** First instant after the generated window; no row has an event_time at or after it. */
  long endMillis() {
    return startMillis() + days * Time.DAY;
  }

  /** Last day with rows. */
  public LocalDate lastDay() {
    return start.plusDays(days - 1L);
  }
}
