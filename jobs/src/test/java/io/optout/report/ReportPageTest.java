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
        ExportCommandLine.of(period, request.filters()));
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
