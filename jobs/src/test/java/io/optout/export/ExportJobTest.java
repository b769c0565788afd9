package io.optout.export;

import static io.optout.export.ExportFixtures.fact;
import static io.optout.export.ExportFixtures.factWithMetrics;
import static io.optout.export.ExportFixtures.state;
import static io.optout.export.ExportFixtures.writeRun;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.optout.OptoutException;
import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import io.optout.schema.tables.OptedOutUsersTable;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class ExportJobTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-11T06:00:00Z"), ZoneOffset.UTC);
  private static final ExportPeriod MARCH_1_TO_7 =
      ExportPeriod.between(
          LocalDate.parse("2024-03-01"),
          LocalDate.parse("2024-03-07"),
          LocalDate.parse("2024-03-10"));
  private static final List<String> COMMAND =
      List.of("optout", "export", "--from", "2024-03-01", "--to", "2024-03-07");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path warehouse() {
    return dir.resolve("warehouse");
  }

  private static OptoutConfig config(Path warehouse, Map<String, String> more) {
    Map<String, String> overrides = new HashMap<>(more);
    overrides.put("optout.warehouse", warehouse.toString());
    return ConfigLoader.withOverrides(overrides);
  }

  private ExportResult export(SparkSession spark, OptoutConfig config, ExportRequest request) {
    return new ExportJob(spark, config, CLOCK).run(request);
  }

  private ExportRequest csv(Path out) {
    return ExportRequest.csv(MARCH_1_TO_7, out.toString(), COMMAND);
  }

  private static ExportRequest with(
      ExportRequest r, boolean overwrite, OptionalLong version, ExportFormat format) {
    return new ExportRequest(
        r.period(), r.filters(), format, r.out(), overwrite, version, r.commandLine());
  }

  private static final List<Object[]> FACTS_RUN_1 =
      List.of(
          fact("a1", "u1", "push", "2024-03-02T08:00:00Z", "e1", "d1"),
          fact("a1", "u2", "push", "2024-03-03T10:00:00Z", "e2", "d2"));
  private static final List<Object[]> STATES_RUN_1 =
      List.of(
          state("a1", "u1", "push", "opt_out", "2024-03-02T08:00:00Z"),
          state("a1", "u2", "push", "opt_out", "2024-03-03T10:00:00Z"));

  /** A later run: u3 opted out on 03-06 (late data) and u1 opted back in. */
  private static final List<Object[]> FACTS_RUN_2 =
      List.of(
          fact("a1", "u1", "push", "2024-03-02T08:00:00Z", "e1", "d1"),
          fact("a1", "u2", "push", "2024-03-03T10:00:00Z", "e2", "d2"),
          fact("a1", "u3", "push", "2024-03-06T10:00:00Z", "e3", "d3"));

  private static final List<Object[]> STATES_RUN_2 =
      List.of(
          state("a1", "u1", "push", "opt_in", "2024-03-09T08:00:00Z"),
          state("a1", "u2", "push", "opt_out", "2024-03-03T10:00:00Z"),
          state("a1", "u3", "push", "opt_out", "2024-03-06T10:00:00Z"));

  private static final String HEADER =
      "app_id,user_id,external_id,device_id,channel,"
          + "first_opt_out_time,last_opt_out_time,opt_out_count,currently_opted_out\r\n";

  private static byte[] data(Path out) throws IOException {
    return Files.readAllBytes(out.resolve("opted_out_users.csv"));
  }

  private static ObjectNode manifest(Path out) throws IOException {
    return (ObjectNode) JSON.readTree(out.resolve("_manifest.json").toFile());
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneCsvFileAndAManifest(SparkSession spark) throws IOException {
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    Path out = dir.resolve("exports/march");
    ExportResult result = export(spark, config(warehouse(), Map.of()), csv(out));

    assertEquals(List.of("_manifest.json", "opted_out_users.csv"), names(out));
    assertEquals(
        HEADER
            + "a1,u1,e1,d1,push,2024-03-02T08:00:00Z,2024-03-02T08:00:00Z,1,true\r\n"
            + "a1,u2,e2,d2,push,2024-03-03T10:00:00Z,2024-03-03T10:00:00Z,1,true\r\n",
        new String(data(out), StandardCharsets.UTF_8));
    assertEquals(2, result.rowCount());
    assertEquals(out.toString(), result.path());
    assertEquals(
        List.of(
            "a1",
            "u1",
            "e1",
            "d1",
            "push",
            "2024-03-02T08:00:00Z",
            "2024-03-02T08:00:00Z",
            "1",
            "true"),
        result.firstRows().get(0));

    ObjectNode m = manifest(out);
    assertEquals("csv", m.get("format").asText());
    assertEquals("opted_out_users.csv", m.get("file").asText());
    assertEquals("between", m.get("period").asText());
    assertEquals("2024-03-01", m.at("/range/from").asText());
    assertEquals("2024-03-07", m.at("/range/to").asText());
    assertEquals("2024-03-10", m.get("as_of").asText());
    assertTrue(m.at("/filters/app").isNull());
    assertTrue(m.at("/filters/channel").isNull());
    assertEquals(2, m.get("row_count").asLong());
    assertEquals(0, m.at("/delta_versions/optout_facts").asLong());
    assertEquals(0, m.at("/delta_versions/optout_consent_state").asLong());
    assertEquals("2024-03-11T06:00:00Z", m.get("created_at").asText());
    assertEquals(COMMAND, JSON.convertValue(m.get("command_line"), List.class));
    assertTrue(result.report().contains("Exported 2 opted-out users"), result.report());
  }

  @Test
  void hostileIdsSurviveACsvRoundTrip(SparkSession spark) throws IOException {
    List<String> hostile =
        List.of(
            "comma,id",
            "quote\"id",
            "new\nline",
            "cr\r\nlf",
            "Zoë Ünïcødé 日本 🚀",
            "=HYPERLINK(\"x\")",
            " padded ",
            "+1",
            "-1",
            "@sum");
    List<Object[]> facts = new ArrayList<>();
    List<Object[]> states = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      String user = "u" + i + "," + hostile.get(i);
      facts.add(
          fact(
              "app,\"1\"",
              user,
              "push",
              "2024-03-0" + (1 + i % 7) + "T10:00:00Z",
              hostile.get(i),
              i % 2 == 0 ? "" : null));
      states.add(state("app,\"1\"", user, "push", "opt_out", "2024-03-08T00:00:00Z"));
    }
    writeRun(spark, warehouse(), facts, states);
    Path out = dir.resolve("hostile");
    export(spark, config(warehouse(), Map.of()), csv(out));

    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setLineSeparator("\r\n");
    settings.setNormalizeLineEndingsWithinQuotes(false);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setIgnoreLeadingWhitespacesInQuotes(false);
    settings.setIgnoreTrailingWhitespacesInQuotes(false);
    settings.setEmptyValue("");
    settings.setNullValue(null);
    settings.setMaxCharsPerColumn(-1);
    List<String[]> records =
        new CsvParser(settings)
            .parseAll(new StringReader(new String(data(out), StandardCharsets.UTF_8)));

    assertArrayEquals(OptedOutUsersTable.SPEC.columnNames().toArray(), records.get(0));
    List<String[]> rows = records.subList(1, records.size());
    assertEquals(hostile.size(), rows.size());
    for (int i = 0; i < hostile.size(); i++) {
      String user = "u" + i + "," + hostile.get(i);
      String[] row =
          rows.stream()
              .filter(r -> r[1].equals(user))
              .findFirst()
              .orElseThrow(() -> new AssertionError("lost " + user));
      assertEquals("app,\"1\"", row[0]);
      assertEquals(hostile.get(i), row[2], "external_id of " + user);
      assertEquals(i % 2 == 0 ? "" : null, row[3], "empty device_id stays empty, null stays null");
    }
    // Sorted by user_id byte order within the one app and channel.
    List<String> users = rows.stream().map(r -> r[1]).toList();
    assertEquals(users.stream().sorted().toList(), users);
  }

  @Test
  void chartSettingsDoNotChangeAByte(SparkSession spark) throws IOException {
    writeRun(spark, warehouse(), FACTS_RUN_2, STATES_RUN_2);
    // The same opt-outs as the pipeline would write them under other windows and caps: only the
    // metric columns differ.
    Path otherWarehouse = dir.resolve("warehouse-other-charts");
    List<Object[]> otherFacts =
        List.of(
            factWithMetrics("a1", "u1", "push", "2024-03-02T08:00:00Z", "e1", "d1", 40, "c9"),
            factWithMetrics("a1", "u2", "push", "2024-03-03T10:00:00Z", "e2", "d2", 0, null),
            factWithMetrics("a1", "u3", "push", "2024-03-06T10:00:00Z", "e3", "d3", 12, "c7"));
    writeRun(spark, otherWarehouse, otherFacts, STATES_RUN_2);
    Map<String, String> otherCharts =
        Map.of(
            "optout.push.window-days", "3",
            "optout.push.histogram-cap", "5",
            "optout.attribution.window-days", "14",
            "optout.cohort.lookback-days", "[2, 60]",
            "optout.late-arrival-days", "0");

    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    export(spark, config(warehouse(), Map.of()), csv(a));
    new ExportJob(
            spark,
            config(warehouse(), otherCharts),
            Clock.offset(CLOCK, java.time.Duration.ofHours(5)))
        .run(csv(b));
    export(spark, config(otherWarehouse, otherCharts), csv(c));

    assertArrayEquals(data(a), data(b));
    assertArrayEquals(data(a), data(c));
    ObjectNode ma = manifest(a);
    ObjectNode mb = manifest(b);
    assertNotEquals(ma.get("created_at"), mb.get("created_at"));
    ma.remove("created_at");
    mb.remove("created_at");
    assertEquals(ma, mb);
  }

  @Test
  void versionReproducesAnEarlierExport(SparkSession spark) throws IOException {
    OptoutConfig config = config(warehouse(), Map.of());
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    Path first = dir.resolve("first");
    export(spark, config, csv(first));
    writeRun(spark, warehouse(), FACTS_RUN_2, STATES_RUN_2);
    Path latest = dir.resolve("latest");
    ExportResult now = export(spark, config, csv(latest));
    assertEquals(3, now.rowCount());
    assertEquals(1, now.factsVersion());
    assertEquals(1, now.consentStateVersion());
    assertTrue(
        new String(data(latest), StandardCharsets.UTF_8)
            .contains("a1,u1,e1,d1,push,2024-03-02T08:00:00Z,2024-03-02T08:00:00Z,1,false"),
        "u1 opted back in after run 2");

    Path again = dir.resolve("again");
    ExportResult reproduced =
        export(spark, config, with(csv(again), false, OptionalLong.of(0), ExportFormat.CSV));
    assertArrayEquals(data(first), data(again));
    assertEquals(0, reproduced.factsVersion());
    assertEquals(0, reproduced.consentStateVersion());
    assertEquals(0, manifest(again).at("/delta_versions/optout_facts").asLong());
    assertEquals(0, manifest(again).at("/delta_versions/optout_consent_state").asLong());

    OptoutException unknown =
        assertThrows(
            OptoutException.class,
            () ->
                export(
                    spark,
                    config,
                    with(csv(dir.resolve("nope")), false, OptionalLong.of(5), ExportFormat.CSV)));
    assertEquals(OptoutException.USAGE, unknown.exitCode());
    assertFalse(Files.exists(dir.resolve("nope")));
  }

  @Test
  void anExistingExportIsOnlyReplacedWithOverwrite(SparkSession spark) throws IOException {
    OptoutConfig config = config(warehouse(), Map.of());
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    Path out = dir.resolve("out");
    export(spark, config, csv(out));
    byte[] before = data(out);
    String manifestBefore = Files.readString(out.resolve("_manifest.json"));

    writeRun(spark, warehouse(), FACTS_RUN_2, STATES_RUN_2);
    OptoutException refused =
        assertThrows(OptoutException.class, () -> export(spark, config, csv(out)));
    assertEquals(OptoutException.USAGE, refused.exitCode());
    assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
    assertArrayEquals(before, data(out));
    assertEquals(manifestBefore, Files.readString(out.resolve("_manifest.json")));

    ExportResult replaced = export(spark, config, csv(out).overwriting());
    assertEquals(3, replaced.rowCount());
    assertEquals(3, manifest(out).get("row_count").asLong());
    assertEquals(
        List.of("out"),
        names(dir).stream().filter(n -> n.startsWith("out")).toList(),
        "no .old- or .tmp- left");

    Path notAnExport = dir.resolve("documents");
    Files.createDirectories(notAnExport);
    Files.writeString(notAnExport.resolve("thesis.txt"), "precious");
    OptoutException protectedFolder =
        assertThrows(
            OptoutException.class, () -> export(spark, config, csv(notAnExport).overwriting()));
    assertEquals(OptoutException.USAGE, protectedFolder.exitCode());
    assertEquals("precious", Files.readString(notAnExport.resolve("thesis.txt")));
  }

  @Test
  void aFailureMidwayLeavesNothingBehind(SparkSession spark) throws IOException {
    OptoutConfig config = config(warehouse(), Map.of());
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    Path exports = dir.resolve("exports");
    Path out = exports.resolve("failing");
    List<Path> seenTemp = new ArrayList<>();
    ExportJob failing =
        new ExportJob(
            spark,
            config,
            CLOCK,
            temp -> {
              seenTemp.add(Path.of(temp.toUri()));
              assertTrue(
                  Files.exists(Path.of(temp.toUri()).resolve("opted_out_users.csv")),
                  "data file written");
              throw new IOException("disk full (injected)");
            });
    OptoutException e = assertThrows(OptoutException.class, () -> failing.run(csv(out)));
    assertEquals(OptoutException.FAILED, e.exitCode());
    assertTrue(e.getMessage().contains("disk full (injected)"), e.getMessage());
    assertEquals(1, seenTemp.size());
    assertFalse(Files.exists(seenTemp.get(0)), "temp sibling removed");
    assertFalse(Files.exists(out));
    assertEquals(List.of(), names(exports), "no out folder and no temp sibling");

    // A failed overwrite keeps the previous export whole.
    export(spark, config, csv(out));
    byte[] before = data(out);
    assertThrows(OptoutException.class, () -> failing.run(csv(out).overwriting()));
    assertArrayEquals(before, data(out));
    assertEquals(List.of("failing"), names(exports));
  }

  @Test
  void localExportsAreReadableByTheirOwnerOnly(SparkSession spark) throws IOException {
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    Path out = dir.resolve("private");
    export(spark, config(warehouse(), Map.of()), csv(out));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(out.resolve("opted_out_users.csv"))));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(out.resolve("_manifest.json"))));
  }

  @Test
  void parquetExportIsOneSortedFile(SparkSession spark) throws IOException {
    writeRun(spark, warehouse(), FACTS_RUN_2, STATES_RUN_2);
    Path out = dir.resolve("parquet");
    ExportResult result =
        export(
            spark,
            config(warehouse(), Map.of()),
            with(csv(out), false, OptionalLong.empty(), ExportFormat.PARQUET));
    assertEquals(List.of("_manifest.json", "opted_out_users.parquet"), names(out));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(out.resolve("opted_out_users.parquet"))));
    List<Row> rows =
        spark.read().parquet(out.resolve("opted_out_users.parquet").toString()).collectAsList();
    assertEquals(List.of("u1", "u2", "u3"), rows.stream().map(r -> r.getString(1)).toList());
    assertEquals(List.of(false, true, true), rows.stream().map(r -> r.getBoolean(8)).toList());
    assertEquals(3, result.rowCount());
    assertEquals("parquet", manifest(out).get("format").asText());
    assertEquals(3, manifest(out).get("row_count").asLong());
  }

  @Test
  void anEmptyResultWritesAnEmptyExportAndSaysSo(SparkSession spark) throws IOException {
    writeRun(spark, warehouse(), FACTS_RUN_1, STATES_RUN_1);
    ExportPeriod january =
        ExportPeriod.between(
            LocalDate.parse("2024-01-01"),
            LocalDate.parse("2024-01-31"),
            LocalDate.parse("2024-03-10"));
    Path out = dir.resolve("empty");
    ExportResult result =
        export(
            spark,
            config(warehouse(), Map.of()),
            ExportRequest.csv(january, out.toString(), COMMAND));
    assertTrue(result.isEmpty());
    assertEquals(HEADER, new String(data(out), StandardCharsets.UTF_8));
    assertEquals(0, manifest(out).get("row_count").asLong());
    assertTrue(result.report().startsWith("Export is empty"), result.report());

    Path parquet = dir.resolve("empty-parquet");
    ExportResult none =
        export(
            spark,
            config(warehouse(), Map.of()),
            new ExportRequest(
                january,
                ExportFilters.NONE,
                ExportFormat.PARQUET,
                parquet.toString(),
                false,
                OptionalLong.empty(),
                COMMAND));
    assertEquals(0, none.rowCount());
    assertEquals(
        OptedOutUsersTable.SPEC.columnNames(),
        List.of(
            spark.read().parquet(parquet.resolve("opted_out_users.parquet").toString()).columns()));
  }

  @Test
  void aMissingWarehouseOrTableIsAUsageError(SparkSession spark) throws IOException {
    Path out = dir.resolve("out");
    OptoutException noWarehouse =
        assertThrows(
            OptoutException.class,
            () -> export(spark, config(dir.resolve("nowhere"), Map.of()), csv(out)));
    assertEquals(OptoutException.USAGE, noWarehouse.exitCode());
    assertTrue(noWarehouse.getMessage().contains("does not exist"), noWarehouse.getMessage());

    Files.createDirectories(warehouse());
    OptoutException noFacts =
        assertThrows(
            OptoutException.class, () -> export(spark, config(warehouse(), Map.of()), csv(out)));
    assertEquals(OptoutException.USAGE, noFacts.exitCode());
    assertTrue(noFacts.getMessage().contains("optout_facts"), noFacts.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of("warehouse"), names(dir));
  }
}
