package io.optout.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo reports the configured windows, not fixed ones. */
class DemoReportTest {
  @Test
  void showsSevenDaysWhenConfiguredElseTheNearestConfiguredLookback() {
    assertEquals(7, DemoReport.shownLookback(List.of(1, 3, 7, 14, 30)));
    assertEquals(3, DemoReport.shownLookback(List.of(1, 3)));
    assertEquals(14, DemoReport.shownLookback(List.of(14, 28)));
    assertEquals(4, DemoReport.shownLookback(List.of(10, 4)), "a tie goes to the shorter lookback");
  }

  @Test
  void histogramTitleNamesTheConfiguredPushWindow() {
    assertTrue(
        DemoReport.histogramTitle(3).contains("in the 3 days before opting out"),
        DemoReport.histogramTitle(3));
  }
}
