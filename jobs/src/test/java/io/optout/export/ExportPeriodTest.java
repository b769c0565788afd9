package io.optout.export;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.export.ExportPeriod.Preset;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExportPeriodTest {

  private static LocalDate d(String text) {
    return LocalDate.parse(text);
  }

  private static void assertRange(String from, String to, ExportPeriod period) {
    assertEquals(d(from), period.from(), "from of " + period);
    assertEquals(d(to), period.to(), "to of " + period);
  }

  @Test
  void lastWeekIsSevenDaysEndingAtAsOfAcrossAYearBoundary() {
    ExportPeriod week = ExportPeriod.preset(Preset.LAST_WEEK, d("2024-01-02"));
    assertRange("2023-12-27", "2024-01-02", week);
    assertEquals(7, week.days());
    assertEquals(d("2024-01-02"), week.asOf());
  }

  @Test
  void lastMonthIsThirtyDaysAcrossFebruaryInLeapAndCommonYears() {
    // 2024 is a leap year: 2024-03-01 - 1 = 02-29, - 29 = 02-01.
    assertRange(
        "2024-02-01", "2024-03-01", ExportPeriod.preset(Preset.LAST_MONTH, d("2024-03-01")));
    // 2023 is not: 2023-03-01 - 1 = 02-28, - 28 = 02-01, - 29 = 01-31.
    assertRange(
        "2023-01-31", "2023-03-01", ExportPeriod.preset(Preset.LAST_MONTH, d("2023-03-01")));
    // Month end to month end: 2024-01-31 - 29 = 2024-01-02.
    assertRange(
        "2024-01-02", "2024-01-31", ExportPeriod.preset(Preset.LAST_MONTH, d("2024-01-31")));
  }

  @Test
  void lastYearIs365DaysSoALeapYearDoesNotFitWhole() {
    // 2023 has 365 days: 2024-01-01 - 365 = 2023-01-01, so D - 364 = 2023-01-02.
    assertRange("2023-01-02", "2024-01-01", ExportPeriod.preset(Preset.LAST_YEAR, d("2024-01-01")));
    // 2024 has 366 days: 2024-12-31 - 365 = 2024-01-01, so D - 364 = 2024-01-02 (Jan 1 left out).
    assertRange("2024-01-02", "2024-12-31", ExportPeriod.preset(Preset.LAST_YEAR, d("2024-12-31")));
    // A range spanning 2024-02-29: 2024-03-01 - 364 = 2023-03-03.
    assertRange("2023-03-03", "2024-03-01", ExportPeriod.preset(Preset.LAST_YEAR, d("2024-03-01")));
    // Ending the day before a leap day's anniversary: 2025-02-28 - 364 = 2024-03-01.
    assertRange("2024-03-01", "2025-02-28", ExportPeriod.preset(Preset.LAST_YEAR, d("2025-02-28")));
    assertEquals(365, ExportPeriod.preset(Preset.LAST_YEAR, d("2024-12-31")).days());
  }

  @Test
  void defaultAsOfIsYesterdayInTheReportingZone() {
    // 23:30 UTC on 2024-03-01 is already 08:30 on 2024-03-02 in Tokyo (UTC+9).
    Clock lateUtcEvening = Clock.fixed(Instant.parse("2024-03-01T23:30:00Z"), ZoneOffset.UTC);
    assertEquals(
        d("2024-03-01"), ExportPeriod.defaultAsOf(lateUtcEvening, ZoneId.of("Asia/Tokyo")));
    assertEquals(d("2024-02-29"), ExportPeriod.defaultAsOf(lateUtcEvening, ZoneId.of("UTC")));
    // 03:00 UTC on 2024-03-01 is still 19:00 on 2024-02-29 in Los Angeles (UTC-8).
    Clock earlyUtcMorning = Clock.fixed(Instant.parse("2024-03-01T03:00:00Z"), ZoneOffset.UTC);
    LocalDate la = ExportPeriod.defaultAsOf(earlyUtcMorning, ZoneId.of("America/Los_Angeles"));
    assertEquals(d("2024-02-28"), la);
    assertRange("2024-02-22", "2024-02-28", ExportPeriod.preset(Preset.LAST_WEEK, la));
  }

  @Test
  void betweenIsInclusiveAndChecked() {
    ExportPeriod oneDay = ExportPeriod.between(d("2024-03-01"), d("2024-03-01"), d("2024-03-05"));
    assertEquals(1, oneDay.days());
    assertEquals(ExportPeriod.BETWEEN, oneDay.name());
    OptoutException reversed =
        assertThrows(
            OptoutException.class,
            () -> ExportPeriod.between(d("2024-03-02"), d("2024-03-01"), d("2024-03-05")));
    assertEquals(OptoutException.USAGE, reversed.exitCode());
    assertTrue(
        reversed.getMessage().contains("--from 2024-03-02 is after --to 2024-03-01"),
        reversed.getMessage());
    OptoutException future =
        assertThrows(
            OptoutException.class,
            () -> ExportPeriod.between(d("2024-03-01"), d("2024-03-06"), d("2024-03-05")));
    assertEquals(OptoutException.USAGE, future.exitCode());
    assertTrue(
        future.getMessage().contains("after the as-of date 2024-03-05"), future.getMessage());
  }

  @Test
  void presetNamesAreParsedAndUnknownOnesNamed() {
    assertEquals(Preset.LAST_MONTH, Preset.parse("last-month"));
    OptoutException e = assertThrows(OptoutException.class, () -> Preset.parse("last-quarter"));
    assertTrue(
        e.getMessage().contains("last-quarter") && e.getMessage().contains("last-week"),
        e.getMessage());
  }
}
