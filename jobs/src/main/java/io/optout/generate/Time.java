package io.optout.generate;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;

/** The generator works in epoch milliseconds (UTC); these are its units and conversions. */
final class Time {
  private Time() {}

  static final long SECOND = 1_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  static long dayStart(long millis) {
    return Math.floorDiv(millis, DAY) * DAY;
  }

  /** The {@code dt} partition value: UTC date of the instant, {@code YYYY-MM-DD}. */
  static String dt(long millis) {
    return LocalDate.ofEpochDay(Math.floorDiv(millis, DAY)).toString();
  }

  static boolean isWeekend(long millis) {
    DayOfWeek day = LocalDate.ofEpochDay(Math.floorDiv(millis, DAY)).getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  static DayOfWeek dayOfWeek(long millis) {
    return LocalDate.ofEpochDay(Math.floorDiv(millis, DAY)).getDayOfWeek();
  }

  static Timestamp timestamp(long millis) {
    return new Timestamp(millis);
  }
}
