package io.optout.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.testing.SampleNight;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the shared sample night's warehouse (a copy), opened in headless Chromium: every
 * chart has one bar or point per row of its data, the numbers shown are those of the Delta tables,
 * the page makes no request and logs no error. Screenshots go to target/report-browser/. Needs
 * chromium (fails, never skips, without it: .ci/run installs it).
 */
@SparkTest
@ExtendWith(SampleNight.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
  /** The as-of date of the shared sample night, the last day its tables cover. */
  private static final LocalDate LAST_DAY = LocalDate.parse(SampleNight.NIGHT);

  private static final Path OUTPUT = Path.of("target", "report-browser");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private Path root;
  private OptoutConfig config;
  private DeltaWarehouse warehouse;

  ReportBrowserTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void copyOfTheSampleNight(SampleNight night, @TempDir Path folder) {
    root = folder;
    config =
        ConfigLoader.withOverrides(
            Map.of("optout.warehouse", night.copyOfWarehouse(folder.resolve("warehouse"))));
    warehouse = new DeltaWarehouse(spark, config.warehouse());
    writeInsightTables();
  }

  /**
   * Section-8 tables in the agreed schema, derived from the pipeline's own tables (their values
   * need not be realistic).
   */
  private void writeInsightTables() {
    Dataset<Row> daily =
        warehouse
            .read(DailyTable.SPEC)
            .groupBy("day", "app_id", "channel")
            .agg(sum("opt_outs").as("opt_outs"), sum("opt_ins").as("opt_ins"));
    save(
        BaseTable.NAME,
        BaseTable.SPEC.conform(
            daily
                .withColumn("opted_in_start", lit(500L))
                .withColumn("opted_out_start", lit(20L))
                .withColumn("opt_out_rate", col("opt_outs").divide(500))));
    save(
        SpikesTable.NAME,
        SpikesTable.SPEC.conform(
            daily
                .withColumn("baseline", lit(1.0))
                .withColumn("mad", lit(0.5))
                .withColumn("threshold", lit(1.0))
                .withColumn("is_spike", col("opt_outs").geq(1))
                .withColumn("top_campaign_id", lit("c-test"))
                .withColumn("top_campaign_name", lit("Spike <b>test</b>"))
                .withColumn("top_campaign_opt_outs", lit(1L))));
    Dataset<Row> histogram =
        warehouse
            .read(PushHistogramTable.SPEC)
            .withColumnRenamed("opt_out_date", "day")
            .groupBy("day", "app_id", "channel", "pushes_received", "bucket")
            .agg(sum("opt_outs").as("opt_outs"))
            .withColumn(
                "users_at_risk",
                col("opt_outs").multiply(40).plus(col("pushes_received").multiply(7)).plus(10));
    Dataset<Row> fatigue =
        PushFatigueTable.SPEC.conform(
            histogram.withColumn(
                "opt_outs_per_1000",
                col("opt_outs").multiply(1000.0).divide(col("users_at_risk"))));
    save(PushFatigueTable.NAME, fatigue);
    writeWhyFlags(fatigue);
  }

  /**
   * The run's optout_campaign_impact with the smallest p-value of each (day, app, channel) flagged
   * harmful, so every flag has a harmless contrast; optout_frequency_cap with a significant step at
   * 2 pushes wherever the fixture's fatigue curve has a row, so every curve has a step to mark. The
   * run's optout_cause_daily is kept as it is.
   */
  private void writeWhyFlags(Dataset<Row> fatigue) {
    WindowSpec group =
        Window.partitionBy("day", "app_id", "channel")
            .orderBy(col("p_value").asc_nulls_last(), col("campaign_id"));
    Dataset<Row> impact =
        warehouse
            .read(CampaignImpactTable.SPEC)
            .withColumn(
                "is_harmful", col("p_value").isNotNull().and(row_number().over(group).equalTo(1)))
            .localCheckpoint();
    save(CampaignImpactTable.NAME, CampaignImpactTable.SPEC.conform(impact));
    save(
        FrequencyCapTable.NAME,
        FrequencyCapTable.SPEC.conform(
            fatigue
                .select("day", "app_id", "channel")
                .distinct()
                .withColumn("step_at", lit(2))
                .withColumn("eligible_candidates", lit(1))
                .withColumn("users_below", lit(1000L))
                .withColumn("opt_outs_below", lit(1L))
                .withColumn("users_above", lit(500L))
                .withColumn("opt_outs_above", lit(1L))
                .withColumn("rate_below_per_1000", lit(1.0))
                .withColumn("rate_above_per_1000", lit(2.0))
                .withColumn("p_value", lit(0.001))
                .withColumn("is_significant", lit(true))
                .withColumn("recommended_cap", lit(1))));
  }

  private void save(String table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("day")
        .save(warehouse.root() + "/" + table);
  }

  /**
   * Lookback 1: in a last-week range ending at the as-of date, lookback-7 rows are not final yet.
   */
  private Path report(ExportPeriod period, String name) {
    return report(period, name, config);
  }

  private Path report(ExportPeriod period, String name, OptoutConfig config) {
    Path out = root.resolve(name + ".html");
    new ReportJob(spark.sparkContext().hadoopConfiguration(), config, Clock.systemUTC())
        .run(
            new ReportRequest(period, ExportFilters.NONE, 1, Measure.TOTAL, false, out.toString()));
    return out;
  }

  /**
   * What the rendered page shows: charts with their marks, tables, headline cards, the whole DOM.
   */
  private static final String READ_PAGE =
      """
      JSON.stringify({
        charts: [...document.querySelectorAll('svg.chart')].map(s => ({
          id: s.dataset.chart,
          title: s.querySelector('title').textContent,
          rules: [...s.querySelectorAll('g.rule')].map(r => r.dataset.rule),
          levels: s.querySelectorAll('path.level').length,
          marks: s.querySelectorAll('rect.bar, circle.point').length,
          spikes: s.querySelectorAll('.spike-mark').length,
          titled: [...s.querySelectorAll('rect.bar, circle.point, .spike-mark')]
            .filter(e => (e.querySelector('title')?.textContent || '').length > 0).length,
          values: [...s.querySelectorAll('rect.bar, circle.point')]
            .map(e => e.dataset.series + '=' + e.dataset.value)})),
        tables: Object.fromEntries([...document.querySelectorAll('table[data-table]')].map(t =>
          [t.dataset.table, [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))])),
        cards: Object.fromEntries([...document.querySelectorAll('[data-card]')]
          .map(c => [c.dataset.card, c.querySelector('.value').textContent])),
        empty: document.querySelector('[data-empty]')?.innerText || null,
        none: [...document.querySelectorAll('[data-none]')].map(e => e.dataset.none),
        missing: [...document.querySelectorAll('[data-missing]')].map(e => e.dataset.missing),
        resources: performance.getEntriesByType('resource').map(e => e.name),
        html: document.documentElement.outerHTML
      })\
      """;

  private JsonNode render(Path html, String name, HeadlessChromium browser) throws Exception {
    browser.open(html);
    JsonNode page = JSON.readTree(browser.evaluate(READ_PAGE).asText());
    Path png = OUTPUT.resolve(name + ".png");
    browser.screenshot(png);
    Files.copy(
        html, OUTPUT.resolve(name + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(
        bytes.length > 5_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
        "a PNG screenshot at " + png);
    assertNothingLeftTheFileAndNoErrors(browser, page);
    return page;
  }

  private static void assertNothingLeftTheFileAndNoErrors(HeadlessChromium browser, JsonNode page) {
    for (JsonNode request : browser.events("Network.requestWillBeSent")) {
      String url = request.path("params").path("request").path("url").asText();
      assertTrue(url.startsWith("file:"), "the page requested " + url);
    }
    assertEquals(0, page.get("resources").size(), "resources loaded: " + page.get("resources"));
    assertFalse(
        page.get("html").asText().matches("(?s).*(?i)(https?:|<script|<link|<img|url\\().*"),
        "no URL, script or linked resource in the DOM");
    List<String> errors = new ArrayList<>();
    browser.events("Runtime.exceptionThrown").forEach(e -> errors.add(e.toString()));
    browser.events("Runtime.consoleAPICalled").stream()
        .filter(e -> List.of("error", "assert").contains(e.path("params").path("type").asText()))
        .forEach(e -> errors.add(e.toString()));
    browser.events("Log.entryAdded").stream()
        .filter(e -> "error".equals(e.path("params").path("entry").path("level").asText()))
        .forEach(e -> errors.add(e.toString()));
    assertEquals(List.of(), errors, "console errors");
  }

  @Test
  void theLastWeekReportShowsTheTablesNumbersInEveryChart(@TempDir Path profile) throws Exception {
    ExportPeriod period = ExportPeriod.preset(ExportPeriod.Preset.LAST_WEEK, LAST_DAY);
    JsonNode page;
    try (HeadlessChromium browser = HeadlessChromium.start(profile.resolve("profile"))) {
      page = render(report(period, "last-week"), "report-last-week", browser);
    }
    JsonNode tables = page.get("tables");
    Map<String, JsonNode> charts = new TreeMap<>();
    page.get("charts").forEach(c -> charts.put(c.get("id").asText(), c));
    assertTrue(
        charts
            .keySet()
            .containsAll(
                List.of(
                    "trend-push",
                    "histogram",
                    "fatigue",
                    "campaigns-received",
                    "cohorts",
                    "events",
                    "sources",
                    "platforms")),
        charts.keySet().toString());

    for (JsonNode chart : charts.values()) {
      String id = chart.get("id").asText();
      int perRow = marksPerRow(id, tables);
      assertEquals(
          perRow * tables.get(id).size(), chart.get("marks").asInt(), "marks of chart " + id);
      assertEquals(
          chart.get("marks").asInt() + chart.get("spikes").asInt(),
          chart.get("titled").asInt(),
          "every mark of " + id + " has a title");
    }
    long spikeDays = 0;
    for (JsonNode spike : tables.get("spikes")) {
      spikeDays++;
      assertTrue(Long.parseLong(spike.get(3).asText().replace(",", "")) >= 1);
    }
    long spikeMarks = 0;
    for (JsonNode chart : charts.values()) {
      spikeMarks += chart.get("spikes").asLong();
    }
    assertTrue(spikeDays > 0, "the fixture marks every day with an opt-out as a spike");
    assertEquals(spikeDays, spikeMarks, "one mark per spike row (per app, channel and day)");

    Dataset<Row> daily = inRange(warehouse.read(DailyTable.SPEC), "day", period);
    Row totals = daily.agg(sum("opt_outs"), sum("opt_ins")).first();
    assertEquals(totals.getLong(0), number(page.get("cards").get("opt-outs").asText()));
    assertEquals(totals.getLong(1), number(page.get("cards").get("opt-ins").asText()));

    Map<String, String> pushPerDay = new TreeMap<>();
    daily
        .where(col("channel").equalTo("push"))
        .groupBy("day")
        .agg(sum("opt_outs"), sum("opt_ins"))
        .collectAsList()
        .forEach(r -> pushPerDay.put(r.getDate(0).toString(), r.getLong(1) + "/" + r.getLong(2)));
    Map<String, String> shown = new TreeMap<>();
    for (JsonNode row : tables.get("trend-push")) {
      long outs = number(row.get(1).asText());
      long ins = number(row.get(2).asText());
      if (outs != 0 || ins != 0) {
        shown.put(row.get(0).asText(), outs + "/" + ins);
      }
    }
    assertEquals(pushPerDay, shown, "push opt-outs/opt-ins per day");
    assertEquals(period.days(), tables.get("trend-push").size(), "every day of the range");

    Map<String, Long> buckets = new TreeMap<>();
    inRange(warehouse.read(PushHistogramTable.SPEC), "opt_out_date", period)
        .groupBy("bucket")
        .agg(sum("opt_outs"))
        .collectAsList()
        .forEach(r -> buckets.put(r.getString(0), r.getLong(1)));
    Map<String, Long> shownBuckets = new TreeMap<>();
    List<String> barValues = new ArrayList<>();
    for (JsonNode row : tables.get("histogram")) {
      shownBuckets.put(row.get(0).asText(), number(row.get(1).asText()));
      barValues.add("opt-outs=" + number(row.get(1).asText()));
    }
    assertEquals(buckets, shownBuckets, "histogram");
    List<String> drawn = new ArrayList<>();
    charts.get("histogram").get("values").forEach(v -> drawn.add(v.asText()));
    assertEquals(barValues, drawn, "bar heights are the table's numbers, in order");

    Map<String, String> fatigue = new TreeMap<>();
    inRange(
            spark.read().format("delta").load(warehouse.root() + "/" + PushFatigueTable.NAME),
            "day",
            period)
        .groupBy("bucket")
        .agg(sum("users_at_risk"), sum("opt_outs"))
        .collectAsList()
        .forEach(r -> fatigue.put(r.getString(0), r.getLong(1) + "/" + r.getLong(2)));
    Map<String, String> shownFatigue = new TreeMap<>();
    tables
        .get("fatigue")
        .forEach(
            r ->
                shownFatigue.put(
                    r.get(0).asText(),
                    number(r.get(1).asText()) + "/" + number(r.get(2).asText())));
    assertEquals(fatigue, shownFatigue, "fatigue curve");

    Map<String, Long> sources = new TreeMap<>();
    inRange(warehouse.read(FactsTable.SPEC), "opt_out_date", period)
        .groupBy("source")
        .count()
        .collectAsList()
        .forEach(r -> sources.put(r.isNullAt(0) ? "unknown" : r.getString(0), r.getLong(1)));
    Map<String, Long> shownSources = new TreeMap<>();
    tables
        .get("sources")
        .forEach(r -> shownSources.put(r.get(0).asText(), number(r.get(1).asText())));
    assertEquals(sources, shownSources, "sources");
    assertWhySection(period, page, charts);
  }

  /** Bars or points a chart draws per row of its table. */
  private static int marksPerRow(String id, JsonNode tables) {
    if (id.startsWith("trend-")) {
      return 3; // opt-outs, opt-ins, net
    }
    if (id.equals("why-causes")) {
      return tables.get(id).get(0).size() - 2; // one segment per cause: not the day, not the total
    }
    return List.of("events", "why-campaigns", "why-returns").contains(id) ? 2 : 1;
  }

  /**
   * The why section shows the rows of optout_campaign_impact, optout_cause_daily and
   * optout_frequency_cap over optout_push_fatigue, as Spark SQL reads them.
   */
  private void assertWhySection(ExportPeriod period, JsonNode page, Map<String, JsonNode> charts) {
    JsonNode tables = page.get("tables");
    assertEquals(List.of(), list(page.get("missing")), "every table is there");
    assertEquals(List.of(), list(page.get("none")), "every why part has rows");
    assertTrue(
        charts
            .keySet()
            .containsAll(List.of("why-campaigns", "why-causes", "why-returns", "why-cap-1")),
        charts.keySet().toString());

    // the ten flagged campaigns with the smallest p-values (ties: the larger excess, the later
    // day, then app, channel and campaign), and each of their groups' nearest harmless campaign:
    // the smallest p-value, then the larger excess, then the campaign id
    Dataset<Row> impact = inRange(warehouse.read(CampaignImpactTable.SPEC), "day", period);
    long flagged = impact.where(col("is_harmful")).count();
    assertTrue(flagged > 10, "the fixture flags more than the ten shown: " + flagged);
    Dataset<Row> strongest =
        impact
            .where(col("is_harmful"))
            .orderBy(
                col("p_value").asc_nulls_last(),
                col("excess_opt_outs").desc_nulls_last(),
                col("day").desc(),
                col("app_id").asc_nulls_first(),
                col("channel").asc_nulls_first(),
                col("campaign_id").asc_nulls_first())
            .limit(10)
            .localCheckpoint();
    List<String> harmful =
        strongest.collectAsList().stream().map(this::impactRow).sorted().toList();
    WindowSpec nearest =
        Window.partitionBy("day", "app_id", "channel")
            .orderBy(
                col("p_value").asc_nulls_last(),
                col("excess_opt_outs").desc_nulls_last(),
                col("campaign_id").asc_nulls_first());
    Dataset<Row> flaggedGroups = strongest.select("day", "app_id", "channel").distinct();
    List<String> contrasts =
        impact
            .where(not(col("is_harmful")))
            .withColumn("rank", row_number().over(nearest))
            .where(col("rank").equalTo(1))
            .join(flaggedGroups, new String[] {"day", "app_id", "channel"})
            .collectAsList()
            .stream()
            .map(this::impactRow)
            .sorted()
            .toList();
    assertTrue(
        page.get("html")
            .asText()
            .contains(
                flagged
                    + " of "
                    + impact.where(col("p_value").isNotNull()).count()
                    + " campaign-days compared"),
        "the flagged and compared campaign-days");
    List<String> shownHarmful = new ArrayList<>();
    List<String> shownContrasts = new ArrayList<>();
    for (JsonNode row : tables.get("why-campaigns")) {
      String shown =
          String.join(
              "|",
              row.get(2).asText(),
              row.get(3).asText(),
              row.get(4).asText(),
              row.get(5).asText(),
              Long.toString(number(row.get(6).asText())),
              Long.toString(number(row.get(7).asText())));
      (row.get(1).asText().equals("harmful") ? shownHarmful : shownContrasts).add(shown);
    }
    assertEquals(harmful, shownHarmful.stream().sorted().toList(), "flagged campaigns");
    assertEquals(
        contrasts, shownContrasts.stream().sorted().toList(), "nearest harmless campaigns");

    // opt-outs per day and cause: every non-zero cell is a sum of the table's rows
    Dataset<Row> causes = inRange(warehouse.read(CauseDailyTable.SPEC), "opt_out_date", period);
    Map<String, Long> perDayAndCause = new TreeMap<>();
    causes
        .groupBy("opt_out_date", "cause")
        .agg(sum("opt_outs"))
        .collectAsList()
        .forEach(r -> perDayAndCause.put(r.getDate(0) + " " + r.getString(1), r.getLong(2)));
    perDayAndCause.values().removeIf(v -> v == 0);
    List<String> causeNames = new ArrayList<>();
    charts.get("why-causes").get("values").forEach(v -> causeNames.add(v.asText().split("=")[0]));
    List<String> header = causeNames.stream().distinct().toList();
    Map<String, Long> shownCauses = new TreeMap<>();
    for (JsonNode row : tables.get("why-causes")) {
      for (int c = 0; c < header.size(); c++) {
        long n = number(row.get(c + 1).asText());
        if (n != 0) {
          shownCauses.put(row.get(0).asText() + " " + header.get(c), n);
        }
      }
    }
    assertEquals(perDayAndCause, shownCauses, "opt-outs per day and cause");
    assertEquals(period.days(), tables.get("why-causes").size(), "every day of the range");

    Map<String, String> returns = new TreeMap<>();
    causes
        .groupBy("cause")
        .agg(sum("opt_outs"), sum("reopted_in_7d"), sum("reopted_in_30d"))
        .collectAsList()
        .forEach(
            r ->
                returns.put(
                    r.getString(0), r.getLong(1) + "/" + r.getLong(2) + "/" + r.getLong(3)));
    Row all = causes.agg(sum("opt_outs"), sum("reopted_in_7d"), sum("reopted_in_30d")).first();
    returns.put("all causes", all.getLong(0) + "/" + all.getLong(1) + "/" + all.getLong(2));
    Map<String, String> shownReturns = new TreeMap<>();
    tables
        .get("why-returns")
        .forEach(
            r ->
                shownReturns.put(
                    r.get(0).asText(),
                    number(r.get(1).asText())
                        + "/"
                        + number(r.get(2).asText())
                        + "/"
                        + number(r.get(4).asText())));
    assertEquals(returns, shownReturns, "re-opt-ins within 7 and 30 days per cause");

    // each fatigue curve: the fixture's fatigue rows of its app and channel over the 28 days up
    // to its day, from 1 push on; the step (a level) and the cap (a rule) marked
    int curves = 0;
    for (JsonNode chart : charts.values()) {
      String id = chart.get("id").asText();
      if (!id.startsWith("why-cap-")) {
        continue;
      }
      curves++;
      Matcher title =
          Pattern.compile("Fatigue curve: (.+) · (.+), 28 days to (\\S+)")
              .matcher(chart.get("title").asText());
      assertTrue(title.matches(), chart.get("title").asText());
      LocalDate day = LocalDate.parse(title.group(3));
      Map<String, String> pooled = new TreeMap<>();
      spark
          .read()
          .format("delta")
          .load(warehouse.root() + "/" + PushFatigueTable.NAME)
          .where(col("app_id").equalTo(title.group(1)).and(col("channel").equalTo(title.group(2))))
          .where(col("pushes_received").geq(1))
          .where(col("day").between(Date.valueOf(day.minusDays(27)), Date.valueOf(day)))
          .groupBy("bucket")
          .agg(sum("users_at_risk"), sum("opt_outs"))
          .collectAsList()
          .forEach(r -> pooled.put(r.getString(0), r.getLong(1) + "/" + r.getLong(2)));
      Map<String, String> shownCurve = new TreeMap<>();
      tables
          .get(id)
          .forEach(
              r ->
                  shownCurve.put(
                      r.get(0).asText(),
                      number(r.get(1).asText()) + "/" + number(r.get(2).asText())));
      assertEquals(pooled, shownCurve, "fatigue curve of " + chart.get("title").asText());
      assertEquals(List.of("cap 1"), list(chart.get("rules")), id);
      assertEquals(1, chart.get("levels").asInt(), id);
    }
    assertTrue(curves >= 1 && curves <= 6, "curves drawn: " + curves);
  }

  private String impactRow(Row r) {
    return String.join(
        "|",
        r.getDate(r.fieldIndex("day")).toString(),
        r.getString(r.fieldIndex("app_id")),
        r.getString(r.fieldIndex("channel")),
        r.getString(r.fieldIndex("campaign_id")),
        Long.toString(r.getLong(r.fieldIndex("recipients"))),
        Long.toString(r.getLong(r.fieldIndex("opt_outs"))));
  }

  private static List<String> list(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void anEmptyRangeSaysSoInsteadOfDrawingEmptyCharts(@TempDir Path profile) throws Exception {
    ExportPeriod before =
        ExportPeriod.between(
            LocalDate.parse("2023-01-01"), LocalDate.parse("2023-01-07"), LAST_DAY);
    JsonNode page;
    try (HeadlessChromium browser = HeadlessChromium.start(profile.resolve("profile"))) {
      page = render(report(before, "empty"), "report-empty", browser);
    }
    assertEquals(ReportPage.NO_OPT_OUTS, page.get("empty").asText());
    assertEquals(0, page.get("charts").size());
    assertEquals("0", page.get("cards").get("opt-outs").asText());
    assertTrue(
        page.get("html")
            .asText()
            .contains(
                "<section id=\"why\"><h2>Why users opt out</h2>\n<p class=\"empty\">"
                    + ReportPage.NO_OPT_OUTS),
        "the why section says so too");
  }

  @Test
  void aWarehouseWithoutTheWhyTablesSaysSoInWords(
      SampleNight night, @TempDir Path folder, @TempDir Path profile) throws Exception {
    // a warehouse whose runs had optout.why.enabled = false from the start
    String copy = night.copyOfWarehouse(folder.resolve("warehouse"));
    for (TableSpec table :
        List.of(
            CampaignImpactTable.SPEC,
            CausesTable.SPEC,
            CauseDailyTable.SPEC,
            FrequencyCapTable.SPEC)) {
      FileUtils.deleteDirectory(Path.of(table.location(copy)).toFile());
    }
    OptoutConfig withoutWhy =
        ConfigLoader.withOverrides(Map.of("optout.warehouse", copy, "optout.why.enabled", "false"));
    ExportPeriod period = ExportPeriod.preset(ExportPeriod.Preset.LAST_WEEK, LAST_DAY);
    JsonNode page;
    try (HeadlessChromium browser = HeadlessChromium.start(profile.resolve("profile"))) {
      page = render(report(period, "without-why", withoutWhy), "report-without-why", browser);
    }
    assertTrue(
        list(page.get("missing"))
            .containsAll(
                List.of(CampaignImpactTable.NAME, CauseDailyTable.NAME, FrequencyCapTable.NAME)),
        page.get("missing").toString());
    List<String> whyCharts = new ArrayList<>();
    page.get("charts").forEach(c -> whyCharts.add(c.get("id").asText()));
    whyCharts.removeIf(id -> !id.startsWith("why-"));
    assertEquals(List.of(), whyCharts);
    assertTrue(page.get("charts").size() > 0, "the other views are drawn");
  }

  private static Dataset<Row> inRange(Dataset<Row> table, String column, ExportPeriod period) {
    return table.where(col(column).between(Date.valueOf(period.from()), Date.valueOf(period.to())));
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replace(",", "").replace("+", ""));
  }
}
