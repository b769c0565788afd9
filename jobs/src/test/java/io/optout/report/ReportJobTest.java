package io.optout.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.OptoutException;
import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view models computed from a hand-made warehouse: every expected number is worked out from
 * ReportFixtures.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportJobTest {
  private static final LocalDate AS_OF = LocalDate.parse("2024-03-14");
  private static final ExportPeriod LAST_WEEK =
      ExportPeriod.preset(ExportPeriod.Preset.LAST_WEEK, AS_OF);

  private final SparkSession spark;
  private Path full;
  private Path older;
  private Path withoutWhy;

  ReportJobTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void warehouses(@TempDir Path root) {
    full = root.resolve("full");
    older = root.resolve("older");
    withoutWhy = root.resolve("without-why");
    ReportFixtures.writeSeedTables(spark, older.toString());
    // the same seed tables, written once: a Delta table is a folder, its log paths relative
    copy(older, full);
    ReportFixtures.writeInsightTables(spark, full.toString());
    // a run with optout.why.enabled = false from the start: every table but the why tables
    copy(full, withoutWhy);
    ReportFixtures.writeWhyTables(spark, full.toString());
  }

  private static void copy(Path from, Path to) {
    try {
      FileUtils.copyDirectory(from.toFile(), to.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Report build(
      Path warehouse, ExportFilters filters, int lookback, Measure measure, boolean nonFinal) {
    return job(warehouse)
        .build(new ReportRequest(LAST_WEEK, filters, lookback, measure, nonFinal, "unused.html"));
  }

  private ReportJob job(Path warehouse) {
    OptoutConfig config =
        ConfigLoader.withOverrides(Map.of("optout.warehouse", warehouse.toString()));
    return new ReportJob(
        spark.sparkContext().hadoopConfiguration(),
        config,
        Clock.fixed(Instant.parse("2024-03-15T06:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void headlineSumsTheRangeAndThePreviousPeriodAndWeighsTheRateByOptedInUsers() {
    Headline h = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).headline();
    assertEquals(10, h.current().optOuts());
    assertEquals(3, h.current().optIns());
    assertEquals(-7, h.current().net());
    assertEquals(10.0 / 450, h.current().optOutRate(), 1e-12);
    assertEquals(LocalDate.parse("2024-03-01"), h.previous().period().from());
    assertEquals(LocalDate.parse("2024-03-07"), h.previous().period().to());
    assertEquals(5, h.previous().optOuts());
    assertEquals(5.0 / 80, h.previous().optOutRate(), 1e-12);
    assertFalse(h.baseTableMissing());
  }

  @Test
  void filtersApplyToEveryView() {
    Report report = build(full, ExportFilters.of("shop", "push"), 7, Measure.TOTAL, false);
    assertEquals(5, report.headline().current().optOuts());
    assertEquals(5.0 / 200, report.headline().current().optOutRate(), 1e-12);
    assertEquals(
        List.of("push"),
        report.trend().channels().stream().map(TrendView.ChannelTrend::channel).toList());
    assertEquals(
        List.of(
            new SourcePlatformView.Slice("settings", 3),
            new SourcePlatformView.Slice("unknown", 2)),
        report.sourcesAndPlatforms().sources());
    assertEquals(
        "bin/optout export --from 2024-03-08 --to 2024-03-14 --as-of 2024-03-14 --app shop"
            + " --channel push --out exports/opted-out-2024-03-08_2024-03-14",
        report.exportCommand());
  }

  @Test
  void trendHasEveryDayOfTheRangePerChannelAndTheSpikeDaysOnly() {
    TrendView trend = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).trend();
    assertEquals(
        List.of("email", "push"),
        trend.channels().stream().map(TrendView.ChannelTrend::channel).toList());
    List<TrendView.DayCounts> push = trend.channels().get(1).days();
    assertEquals(7, push.size());
    assertEquals(new TrendView.DayCounts(LocalDate.parse("2024-03-08"), 0, 0), push.get(0));
    assertEquals(new TrendView.DayCounts(LocalDate.parse("2024-03-10"), 5, 1), push.get(2));
    assertEquals(new TrendView.DayCounts(LocalDate.parse("2024-03-12"), 4, 0), push.get(4));
    assertEquals(
        1,
        trend.spikes().size(),
        "the 03-12 row is not a spike, the 03-15 spike is outside the range");
    TrendView.SpikeMark spike = trend.spikes().get(0);
    assertEquals(LocalDate.parse("2024-03-10"), spike.day());
    assertEquals("Spring <Sale>", spike.topCampaignName());
    assertEquals(3, spike.topCampaignOptOuts());
    assertFalse(trend.spikesTableMissing());
  }

  @Test
  void histogramSortsBucketsByPushCountAndTheFatigueCurveSumsBeforeDividing() {
    PushPressureView view = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).pushPressure();
    assertEquals(
        List.of(
            new PushPressureView.Bucket(0, "0", 3),
            new PushPressureView.Bucket(2, "2", 4),
            new PushPressureView.Bucket(10, "10+", 3)),
        view.histogram());
    assertEquals(
        List.of(
            new PushPressureView.FatiguePoint(0, "0", 400, 2),
            new PushPressureView.FatiguePoint(2, "2", 400, 4),
            new PushPressureView.FatiguePoint(10, "10+", 20, 3)),
        view.fatigue());
    assertEquals(5.0, view.fatigue().get(0).perThousand(), 1e-12);
    assertEquals(150.0, view.fatigue().get(2).perThousand(), 1e-12);
    assertEquals(7, view.windowDays());
  }

  @Test
  void campaignsAreRankedByOptOutsWithTheLatestNameAndDeliveriesOfTheRange() {
    CampaignView view = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).campaigns();
    assertEquals(
        List.of(
            new CampaignView.CampaignRow("note", "c9", "Welcome", 4, 500, 4),
            new CampaignView.CampaignRow("shop", "c1", "Spring Sale v2", 4, 1600, 4),
            new CampaignView.CampaignRow("shop", null, null, 2, 0, 0)),
        view.received());
    assertEquals(8.0, view.received().get(0).perThousandDeliveries(), 1e-12);
    assertEquals(2.5, view.received().get(1).perThousandDeliveries(), 1e-12);
    assertNull(view.received().get(2).perThousandDeliveries());
    assertEquals(
        List.of(
            new CampaignView.CampaignRow("shop", null, null, 6, 0, 0),
            new CampaignView.CampaignRow("note", "c9", "Welcome", 4, 500, 4)),
        view.interacted(),
        "two no-campaign rows of one app add up");
  }

  @Test
  void lastEventsCountFinalRowsOfTheLookbackUnlessAsked() {
    LastEventsView finalOnly =
        build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).lastEvents();
    assertEquals(3, finalOnly.retainOptOuts());
    assertEquals(2, finalOnly.churnOptOuts());
    assertEquals(
        List.of(
            new LastEventsView.EventRow("app_open", 10, 4),
            new LastEventsView.EventRow("purchase", 0, 6)),
        finalOnly.events());

    LastEventsView all = build(full, ExportFilters.NONE, 7, Measure.UNIQUE, true).lastEvents();
    assertEquals(4, all.retainOptOuts());
    assertEquals(5, all.churnOptOuts());
    assertEquals(
        List.of(
            new LastEventsView.EventRow("app_open", 4, 2),
            new LastEventsView.EventRow("purchase", 0, 1)),
        all.events());

    LastEventsView oneDay = build(full, ExportFilters.NONE, 1, Measure.TOTAL, false).lastEvents();
    assertEquals(5, oneDay.retainOptOuts());
    assertEquals(List.of(new LastEventsView.EventRow("search", 70, 0)), oneDay.events());
  }

  @Test
  void sourcesAndPlatformsCountFactsOfTheRangeWithUnknownForMissing() {
    SourcePlatformView view =
        build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).sourcesAndPlatforms();
    assertEquals(
        List.of(
            new SourcePlatformView.Slice("os_prompt", 4),
            new SourcePlatformView.Slice("settings", 3),
            new SourcePlatformView.Slice("unknown", 2),
            new SourcePlatformView.Slice("unsubscribe_link", 1)),
        view.sources());
    assertEquals(
        List.of(
            new SourcePlatformView.Slice("ios", 6),
            new SourcePlatformView.Slice("android", 2),
            new SourcePlatformView.Slice("unknown", 1),
            new SourcePlatformView.Slice("web", 1)),
        view.platforms());
  }

  private static HarmfulCampaignView.Impact impact(
      String day,
      String app,
      String campaign,
      long recipients,
      long optOuts,
      double expected,
      double excess,
      double pValue,
      boolean harmful) {
    return new HarmfulCampaignView.Impact(
        LocalDate.parse(day),
        app,
        "push",
        campaign,
        campaign.equals("c1") ? "Spring <Sale>" : "Campaign " + campaign,
        recipients,
        optOuts,
        expected,
        excess,
        pValue,
        harmful);
  }

  @Test
  void harmfulCampaignsComeStrongestFirstEachGroupWithItsNearestHarmlessCampaign() {
    HarmfulCampaignView view =
        build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).harmfulCampaigns();
    assertFalse(view.tableMissing());
    assertEquals(9, view.compared(), "the lone campaign of 03-11 has no baseline");
    assertEquals(4, view.flagged(), "the 03-15 flag is outside the range");
    assertEquals(
        List.of(
            new HarmfulCampaignView.Group(
                LocalDate.parse("2024-03-12"),
                "note",
                "push",
                List.of(impact("2024-03-12", "note", "c9", 400, 20, 4.0, 16.0, 1e-6, true)),
                // c8 and c7 tie on the p-value: the larger excess is nearer
                impact("2024-03-12", "note", "c7", 100, 1, 4.0, -3.0, 0.97, false)),
            new HarmfulCampaignView.Group(
                LocalDate.parse("2024-03-10"),
                "shop",
                "push",
                List.of(impact("2024-03-10", "shop", "c1", 100, 10, 2.0, 8.0, 1e-4, true)),
                // c3's p-value 0.9 is below c2's 0.99; shop's email row is another channel
                impact("2024-03-10", "shop", "c3", 100, 2, 4.67, -2.67, 0.9, false)),
            new HarmfulCampaignView.Group(
                LocalDate.parse("2024-03-12"),
                "shop",
                "push",
                List.of(
                    impact("2024-03-12", "shop", "c4", 90, 9, 7.5, 1.5, 0.001, true),
                    impact("2024-03-12", "shop", "c5", 60, 5, 6.0, -1.0, 0.002, true)),
                null)),
        view.groups());
    assertEquals(
        List.of("c9", "c7", "c1", "c3", "c4", "c5"),
        view.shown().stream().map(HarmfulCampaignView.Impact::campaignId).toList());
    assertEquals(2, view.horizonDays());
    assertEquals(0.05, view.fdr(), 1e-12);

    HarmfulCampaignView shop =
        build(full, ExportFilters.of("shop", "push"), 7, Measure.TOTAL, false).harmfulCampaigns();
    assertEquals(5, shop.compared());
    assertEquals(3, shop.flagged());
    assertEquals(
        List.of("c1", "c3", "c4", "c5"),
        shop.shown().stream().map(HarmfulCampaignView.Impact::campaignId).toList());
  }

  @Test
  void causesStackEveryDayOfTheRangeInRuleOrderAndCountTheReturnsPerCause() {
    CauseView view = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).causes();
    assertFalse(view.tableMissing());
    assertEquals(List.of("token_invalid", "cascade", "dormant", "after_push"), view.causes());
    assertEquals(7, view.days().size());
    assertEquals(
        new CauseView.CauseDay(LocalDate.parse("2024-03-08"), List.of(0L, 0L, 0L, 0L)),
        view.days().get(0));
    assertEquals(
        new CauseView.CauseDay(LocalDate.parse("2024-03-10"), List.of(2L, 0L, 3L, 0L)),
        view.days().get(2));
    assertEquals(
        new CauseView.CauseDay(LocalDate.parse("2024-03-12"), List.of(0L, 1L, 0L, 4L)),
        view.days().get(4));
    assertEquals(
        List.of(
            new CauseView.Return("token_invalid", 2, 0, 0, 2),
            new CauseView.Return("cascade", 1, 0, 1, 0),
            new CauseView.Return("dormant", 3, 1, 2, 3),
            new CauseView.Return("after_push", 4, 2, 3, 4)),
        view.returns());
    CauseView.Return all = view.all();
    assertEquals(new CauseView.Return("all causes", 10, 3, 6, 9), all);
    assertEquals(0.3, all.share7(), 1e-12);
    assertEquals(0.6, all.share30(), 1e-12);
    assertEquals(1.0 / 3, view.returns().get(2).share7(), 1e-12);

    CauseView email =
        build(full, ExportFilters.of(null, "email"), 7, Measure.TOTAL, false).causes();
    assertEquals(List.of("cascade"), email.causes());
    assertEquals(List.of(new CauseView.Return("cascade", 1, 0, 1, 0)), email.returns());
  }

  @Test
  void theCapOfEachAppAndChannelIsItsLatestRowWithTheCurveOfThe28DaysUpToIt() {
    FrequencyCapView view = build(full, ExportFilters.NONE, 7, Measure.TOTAL, false).frequencyCap();
    assertFalse(view.capTableMissing());
    assertFalse(view.fatigueTableMissing());
    assertEquals(28, view.periodDays());
    assertEquals(7, view.windowDays());
    assertEquals(2, view.caps().size());
    FrequencyCapView.Cap note = view.caps().get(0);
    assertEquals("note · push", note.label());
    assertEquals(LocalDate.parse("2024-03-12"), note.day());
    assertNull(note.stepAt());
    assertEquals(0, note.eligibleCandidates());
    assertFalse(note.significant());
    assertEquals(List.of(new PushPressureView.FatiguePoint(2, "2", 400, 4)), note.curve());

    FrequencyCapView.Cap shop = view.caps().get(1);
    assertEquals(LocalDate.parse("2024-03-14"), shop.day(), "the latest row, not 03-13's");
    assertEquals(10, shop.stepAt());
    assertEquals(9, shop.recommendedCap());
    assertTrue(shop.significant());
    assertEquals(2.5, shop.rateBelow(), 1e-12);
    assertEquals(180.0, shop.rateAbove(), 1e-12);
    assertEquals(0.001, shop.pValue(), 1e-12);
    // 02-16 .. 03-14 from 1 push on: 03-01's three rows and 02-16's; not 02-15, not the zeros
    assertEquals(
        List.of(
            new PushPressureView.FatiguePoint(1, "1", 500, 1),
            new PushPressureView.FatiguePoint(3, "3", 300, 1),
            new PushPressureView.FatiguePoint(10, "10+", 50, 9)),
        shop.curve());
    assertEquals(List.of(shop), view.charted(), "note has no step to draw");

    FrequencyCapView filtered =
        build(full, ExportFilters.of("note", null), 7, Measure.TOTAL, false).frequencyCap();
    assertEquals(List.of(note), filtered.caps());
    assertEquals(List.of(), filtered.charted());
  }

  @Test
  void aWarehouseWithoutTheWhyTablesSaysSoInWords() {
    Report report = build(withoutWhy, ExportFilters.NONE, 7, Measure.TOTAL, false);
    assertTrue(report.harmfulCampaigns().tableMissing());
    assertTrue(report.causes().tableMissing());
    assertTrue(report.frequencyCap().capTableMissing());
    assertFalse(report.frequencyCap().fatigueTableMissing());
    String page = ReportPage.render(report);
    for (String table :
        List.of("optout_campaign_impact", "optout_cause_daily", "optout_frequency_cap")) {
      assertTrue(page.contains("data-missing=\"" + table + "\""), table);
    }
    assertTrue(page.contains("optout.why.enabled is true"), "says what writes them");
    assertFalse(page.contains("data-chart=\"why-"));
    assertEquals(10, report.headline().current().optOuts(), "the other views are unchanged");
  }

  @Test
  void whyTablesWithoutRowsInTheRangeSaySoInWords() {
    // the previous period: opt-outs on 03-05, no why row before 03-10
    ExportPeriod before =
        ExportPeriod.between(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-07"), AS_OF);
    Report report =
        job(full)
            .build(
                new ReportRequest(before, ExportFilters.NONE, 7, Measure.TOTAL, false, "x.html"));
    assertFalse(report.empty());
    assertEquals(0, report.harmfulCampaigns().compared());
    assertTrue(report.causes().noRows());
    assertEquals(List.of(), report.frequencyCap().caps());
    String page = ReportPage.render(report);
    for (String part : List.of("why-campaigns", "why-causes", "why-cap")) {
      assertTrue(page.contains("data-none=\"" + part + "\""), part);
    }
    assertFalse(page.contains("data-chart=\"why-"));
  }

  @Test
  void aWarehouseWithoutTheSection8TablesSaysSoInsteadOfFailing() {
    Report report = build(older, ExportFilters.NONE, 7, Measure.TOTAL, false);
    assertTrue(report.headline().baseTableMissing());
    assertNull(report.headline().current().optOutRate());
    assertEquals(10, report.headline().current().optOuts());
    assertTrue(report.trend().spikesTableMissing());
    assertTrue(report.pushPressure().fatigueTableMissing());
    assertTrue(report.frequencyCap().fatigueTableMissing());
    String page = ReportPage.render(report);
    for (String table :
        List.of(
            "optout_base",
            "optout_spikes",
            "optout_push_fatigue",
            "optout_campaign_impact",
            "optout_cause_daily",
            "optout_frequency_cap")) {
      assertTrue(page.contains("data-missing=\"" + table + "\""), table);
    }
  }

  @Test
  void anEmptyRangeIsReportedAsSuch() {
    ExportPeriod quiet =
        ExportPeriod.between(LocalDate.parse("2024-02-01"), LocalDate.parse("2024-02-07"), AS_OF);
    Report report =
        job(full)
            .build(new ReportRequest(quiet, ExportFilters.NONE, 7, Measure.TOTAL, false, "x.html"));
    assertTrue(report.empty());
    assertTrue(ReportPage.render(report).contains(ReportPage.NO_OPT_OUTS));
  }

  @Test
  void aMissingSeedTableFailsInOneLineNamingIt(@TempDir Path empty) {
    // the views run on their own threads: the first failure must come back as it was thrown
    OptoutException e =
        assertThrows(
            OptoutException.class, () -> build(empty, ExportFilters.NONE, 7, Measure.TOTAL, false));
    assertEquals(OptoutException.FAILED, e.exitCode());
    assertTrue(e.getMessage().matches("table optout_\\w+ does not exist under .*"), e.getMessage());
  }

  @Test
  void aLookbackThePipelineDidNotComputeIsAUsageError() {
    OptoutException e =
        assertThrows(
            OptoutException.class, () -> build(full, ExportFilters.NONE, 5, Measure.TOTAL, false));
    assertEquals(OptoutException.USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("--lookback: 5"), e.getMessage());
  }

  @Test
  void runWritesOneFileAndReplacesAnOlderOne(@TempDir Path folder) throws Exception {
    Path out = folder.resolve("reports/week.html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "old");
    ReportResult result =
        job(full)
            .run(
                new ReportRequest(
                    LAST_WEEK, ExportFilters.NONE, 7, Measure.TOTAL, false, out.toString()));
    assertEquals(out.toAbsolutePath(), result.file());
    assertEquals(Files.size(out), result.bytes());
    assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));
    try (var files = Files.list(out.getParent())) {
      assertEquals(
          List.of(out.getFileName()),
          files.map(Path::getFileName).toList(),
          "no temporary file left");
    }
  }
}
