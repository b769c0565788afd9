package io.optout.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderer on hand-made view models, without Spark. */
class ReportPageTest {
  private static final String EVIL = "<script>alert('x')</script>&\"";
  private static final LocalDate D = LocalDate.parse("2024-03-14");

  static Report report(long optOuts, boolean tablesMissing) {
    ExportPeriod period = ExportPeriod.between(D.minusDays(2), D, D);
    ReportRequest request =
        new ReportRequest(
            period, ExportFilters.of(EVIL, "push"), 7, Measure.TOTAL, false, "r.html");
    List<TrendView.DayCounts> days =
        List.of(
            new TrendView.DayCounts(D.minusDays(2), optOuts, 1),
            new TrendView.DayCounts(D.minusDays(1), 0, 0),
            new TrendView.DayCounts(D, 2, 5));
    List<TrendView.SpikeMark> spikes =
        tablesMissing
            ? List.of()
            : List.of(
                new TrendView.SpikeMark(
                    D.minusDays(2), EVIL, "push", optOuts, 1, 5, "c1", EVIL, 3));
    return new Report(
        request,
        "UTC",
        Instant.parse("2024-03-15T06:00:00Z"),
        new Headline(
            new Headline.Totals(period, optOuts, 6, tablesMissing ? null : 0.0123),
            new Headline.Totals(request.previousPeriod(), 4, 1, null),
            tablesMissing),
        new TrendView(List.of(new TrendView.ChannelTrend("push", days)), spikes, tablesMissing),
        new PushPressureView(
            7,
            List.of(
                new PushPressureView.Bucket(0, "0", 2),
                new PushPressureView.Bucket(10, "10+", optOuts)),
            tablesMissing
                ? List.of()
                : List.of(
                    new PushPressureView.FatiguePoint(0, "0", 1000, 2),
                    new PushPressureView.FatiguePoint(10, "10+", 10, 3)),
            tablesMissing),
        new CampaignView(
            7,
            List.of(
                new CampaignView.CampaignRow(EVIL, "c1", EVIL, 3, 1000, 2),
                new CampaignView.CampaignRow("a", null, null, 2, 0, 0)),
            List.of(),
            10),
        new LastEventsView(
            7, Measure.TOTAL, false, 3, 2, List.of(new LastEventsView.EventRow(EVIL, 5, 1)), 12),
        new SourcePlatformView(
            List.of(new SourcePlatformView.Slice(EVIL, 5)),
            List.of(new SourcePlatformView.Slice("ios", 5))),
        tablesMissing ? HarmfulCampaignView.missing(2, 0.05, 10) : harmful(),
        tablesMissing ? CauseView.missing() : causes(days),
        tablesMissing ? FrequencyCapView.missing(28, 7, 0.01, 6, true) : cap(),
        ExportCommandLine.of(period, request.filters()));
  }

  /** One flagged campaign of EVIL's push on D, with the harmless one of the same day beside it. */
  static HarmfulCampaignView harmful() {
    return new HarmfulCampaignView(
        2,
        0.05,
        5,
        1,
        List.of(
            new HarmfulCampaignView.Group(
                D,
                EVIL,
                "push",
                List.of(
                    new HarmfulCampaignView.Impact(
                        D, EVIL, "push", "c1", EVIL, 100, 12, 3.0, 9.0, 1.5e-5, true)),
                new HarmfulCampaignView.Impact(
                    D, EVIL, "push", "c2", null, 200, 7, 6.5, 0.5, 0.41, false))),
        10,
        false);
  }

  /** Two causes over the three days; 1 of 5 back within 7 days, 3 within 30. */
  static CauseView causes(List<TrendView.DayCounts> days) {
    return new CauseView(
        List.of("cascade", "dormant"),
        List.of(
            new CauseView.CauseDay(days.get(0).day(), List.of(1L, 2L)),
            new CauseView.CauseDay(days.get(1).day(), List.of(0L, 0L)),
            new CauseView.CauseDay(days.get(2).day(), List.of(2L, 0L))),
        List.of(
            new CauseView.Return("cascade", 3, 1, 2, 0),
            new CauseView.Return("dormant", 2, 0, 1, 2)),
        false);
  }

  /** A significant step at 3 pushes (cap 2) over four buckets: 1 and 2 below, 3 and 4+ above. */
  static FrequencyCapView cap() {
    return new FrequencyCapView(
        28,
        7,
        0.01,
        List.of(
            new FrequencyCapView.Cap(
                D,
                EVIL,
                "push",
                3,
                3,
                2.0,
                8.0,
                1e-4,
                true,
                2,
                List.of(
                    new PushPressureView.FatiguePoint(1, "1", 1000, 2),
                    new PushPressureView.FatiguePoint(2, "2", 1000, 2),
                    new PushPressureView.FatiguePoint(3, "3", 500, 4),
                    new PushPressureView.FatiguePoint(4, "4+", 500, 4))),
            new FrequencyCapView.Cap(
                D, "a", "sms", 0, null, null, null, null, false, null, List.of())),
        6,
        false,
        false);
  }

  @Test
  void everyStringFromTheDataIsEscaped() {
    String page = ReportPage.render(report(3, false));
    assertFalse(page.contains("<script"), "no script element, not even from the data");
    assertFalse(page.contains(EVIL));
    assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
  }

  @Test
  void thePageIsSelfContained() {
    String page = ReportPage.render(report(3, false));
    assertFalse(
        Pattern.compile("(?i)https?:|//[a-z]|@import|url\\(|<link|<img|<iframe|<object")
            .matcher(page)
            .find());
    assertTrue(page.startsWith("<!DOCTYPE html>"));
  }

  @Test
  void eachChartHasOneElementPerDatumWithAHoverTitle() {
    String page = ReportPage.render(report(3, false));
    assertEquals(
        9,
        count(chart(page, "trend-push"), "<circle class=\"point"),
        "3 days x opt-outs, opt-ins, net");
    assertEquals(1, count(chart(page, "trend-push"), "<path class=\"spike-mark\""));
    assertEquals(2, count(chart(page, "histogram"), "<rect class=\"bar"));
    assertEquals(2, count(chart(page, "fatigue"), "<circle class=\"point"));
    assertEquals(2, count(chart(page, "campaigns-received"), "<rect class=\"bar"));
    assertEquals(2, count(chart(page, "events"), "<rect class=\"bar"), "retain and churn");
    Matcher titled =
        Pattern.compile("<(rect class=\"bar|circle class=\"point)[^>]*><title>[^<]+</title>")
            .matcher(page);
    int titles = 0;
    while (titled.find()) {
      titles++;
    }
    assertEquals(count(page, "<rect class=\"bar") + count(page, "<circle class=\"point"), titles);
    assertTrue(
        chart(page, "fatigue").contains("data-value=\"300\""),
        "10+ bucket: 3 of 10 at risk = 300 per 1,000");
  }

  @Test
  void missingSection8TablesAreOneLineEach() {
    String page = ReportPage.render(report(3, true));
    assertTrue(page.contains("data-missing=\"optout_base\""));
    assertTrue(page.contains("data-missing=\"optout_spikes\""));
    assertTrue(page.contains("data-missing=\"optout_push_fatigue\""));
    assertFalse(page.contains("data-chart=\"fatigue\""));
  }

  @Test
  void anEmptyRangeShowsTheMessageInsteadOfCharts() {
    Report empty = report(0, false);
    String page = ReportPage.render(empty);
    assertTrue(empty.empty());
    assertTrue(page.contains(ReportPage.NO_OPT_OUTS));
    assertFalse(page.contains("<svg"));
  }

  @Test
  void theWhyChartsHaveOneElementPerDatum() {
    String page = ReportPage.render(report(3, false));
    assertEquals(
        4, count(chart(page, "why-campaigns"), "<rect class=\"bar"), "2 campaigns x 2 series");
    assertTrue(
        chart(page, "why-campaigns").contains("data-series=\"expected\" data-value=\"6.5\""));
    assertEquals(
        6, count(chart(page, "why-causes"), "<rect class=\"bar"), "3 days x 2 causes, zeros too");
    assertEquals(
        6,
        count(chart(page, "why-returns"), "<rect class=\"bar"),
        "2 causes and all causes x 7 and 30 days");
    assertTrue(
        chart(page, "why-returns").contains("data-series=\"within 7 days\" data-value=\"20\""),
        "all causes: 1 of 5 back within 7 days");
    assertTrue(
        chart(page, "why-returns").contains("data-series=\"within 30 days\" data-value=\"60\""),
        "all causes: 3 of 5 back within 30 days");
    assertEquals(4, count(chart(page, "why-cap-1"), "<circle class=\"point"));
    assertFalse(page.contains("data-chart=\"why-cap-2\""), "the sms row has no step to draw");
    assertTrue(
        chart(page, "why-cap-1").contains("data-value=\"8\""), "3 pushes: 4 of 500 = 8 per 1,000");
  }

  @Test
  void theStackedCausesSitOnEachOther() {
    String causes = chart(ReportPage.render(report(3, false)), "why-causes");
    // the first day: cascade 1 from the axis up, dormant 2 on top of it; the scale runs 0..3
    // over the plot's 280 - 56 - 34 = 190 px, so 1 opt-out is 63.3 px and the axis is at y 224
    assertTrue(
        causes.matches(
            "(?s).*data-series=\"cascade\" data-value=\"1\" x=\"[0-9.]+\" y=\"160\\.7\""
                + " width=\"[0-9.]+\" height=\"63\\.3\".*"),
        causes);
    assertTrue(
        causes.matches(
            "(?s).*data-series=\"dormant\" data-value=\"2\" x=\"[0-9.]+\" y=\"34\\.0\""
                + " width=\"[0-9.]+\" height=\"126\\.7\".*"),
        causes);
  }

  @Test
  void theCapIsARuleBetweenTheCapAndTheStepWithTheTwoRatesAsSteps() {
    String curve = chart(ReportPage.render(report(3, false)), "why-cap-1");
    // 4 buckets over the 670 px plot from x 70: the step at 3 pushes begins the third slot
    assertTrue(curve.contains("x1=\"405.0\" x2=\"405.0\""), curve);
    assertTrue(curve.contains(">cap 2</text>"), curve);
    // the rates 2 and 8 per 1,000 on a 0..8 scale: y 224 - 190 * 2 / 8 = 176.5 and 224 - 190 = 34
    assertTrue(
        curve.contains("d=\"M70.0 176.5 L237.5 176.5 L237.5 176.5 L405.0 176.5 L405.0 34.0"),
        curve);
  }

  @Test
  void theWhyPartsSayInWordsWhatTheyCannotShow() {
    HarmfulCampaignView none = new HarmfulCampaignView(2, 0.05, 4, 0, List.of(), 10, false);
    assertTrue(
        WhySection.campaigns(none)
            .contains(
                "No campaign was flagged harmful in this range: none of the 4 campaign-days"
                    + " compared with the app&#39;s other campaigns that day stands out at a false"
                    + " discovery rate of 5.00 %."));
    assertTrue(
        WhySection.campaigns(new HarmfulCampaignView(2, 0.05, 0, 0, List.of(), 10, false))
            .contains("data-none=\"why-campaigns\""));
    assertTrue(
        WhySection.causes(new CauseView(List.of(), List.of(), List.of(), false))
            .contains("optout_cause_daily has no rows for these dates"));
    assertTrue(
        WhySection.caps(new FrequencyCapView(28, 7, 0.01, List.of(), 6, false, false))
            .contains("optout_frequency_cap has no rows for these dates"));
    String stepless =
        WhySection.caps(
            new FrequencyCapView(
                28,
                7,
                0.01,
                List.of(
                    new FrequencyCapView.Cap(
                        D, "a", "push", 0, null, null, null, null, false, null, List.of())),
                6,
                false,
                false));
    assertTrue(stepless.contains("No curve to draw"), stepless);
    assertFalse(stepless.contains("<svg"));
  }

  @Test
  void missingWhyTablesAreOneLineEach() {
    String page = ReportPage.render(report(3, true));
    for (String table :
        List.of("optout_campaign_impact", "optout_cause_daily", "optout_frequency_cap")) {
      assertEquals(1, count(page, "data-missing=\"" + table + "\""), table);
    }
    assertFalse(page.contains("data-chart=\"why-"));
  }

  @Test
  void pValuesNeverReadAsZero() {
    assertEquals("0.410", Html.pValue(0.41));
    assertEquals("0.001", Html.pValue(0.001));
    assertEquals("1.5e-05", Html.pValue(1.5e-5));
    assertEquals("—", Html.pValue(null));
  }

  @Test
  void theExportCommandQuotesWhatTheShellWouldSplit() {
    assertEquals("'it'\"'\"'s app'", ExportCommandLine.quoted("it's app"));
    assertEquals("shop-1", ExportCommandLine.quoted("shop-1"));
  }

  private static String chart(String page, String id) {
    int start = page.indexOf("data-chart=\"" + id + "\"");
    assertTrue(start >= 0, "chart " + id);
    return page.substring(start, page.indexOf("</svg>", start));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
