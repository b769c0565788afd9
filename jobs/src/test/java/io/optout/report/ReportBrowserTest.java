package io.optout.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
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
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    save(
        PushFatigueTable.NAME,
        PushFatigueTable.SPEC.conform(
            histogram.withColumn(
                "opt_outs_per_1000",
                col("opt_outs").multiply(1000.0).divide(col("users_at_risk")))));
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
      int perRow = id.startsWith("trend-") ? 3 : id.equals("events") ? 2 : 1;
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
  }

  private static Dataset<Row> inRange(Dataset<Row> table, String column, ExportPeriod period) {
    return table.where(col(column).between(Date.valueOf(period.from()), Date.valueOf(period.to())));
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replace(",", "").replace("+", ""));
  }
}
