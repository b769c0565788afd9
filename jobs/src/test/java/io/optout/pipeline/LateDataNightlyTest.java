package io.optout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.cli.Main;
import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.InputFilesTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.SparkTest;
import io.optout.testing.WarehouseComparison;
import io.optout.warehouse.DeltaWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs over a lake whose files arrive night by night, some of them weeks late into
 * partitions older than the nightly window of earlier versions ([D - 33, D]); a campaign renamed; a
 * file removed. After the last night every table equals one full run over the same lake, and
 * running the last night again commits nothing (docs/nightly.md).
 */
@SparkTest
class LateDataNightlyTest {
  private static final String ZONE = "America/New_York";

  /** The lake's partitions held back, by lake and dt, and the night each lands. */
  private static final Map<String, LocalDate> LATE =
      Map.of(
          "push/dt=2024-01-25", LocalDate.parse("2024-03-02"), // 37 days late
          "event/dt=2024-02-10", LocalDate.parse("2024-03-20"), // 39 days late
          "consent/dt=2024-01-20", LocalDate.parse("2024-03-20")); // 60 days late

  /**
   * The as-of date of each night and the day whose files have landed by then: the fourth night is a
   * run of the same as-of date again, after late files landed.
   */
  private static final List<LocalDate[]> NIGHTS =
      List.of(
          nightOf("2024-02-15", "2024-02-15"),
          nightOf("2024-02-16", "2024-02-16"),
          nightOf("2024-03-01", "2024-03-01"),
          nightOf("2024-03-01", "2024-03-02"),
          nightOf("2024-03-20", "2024-03-20"));

  /** The first date each night recomputes, worked out in AffectedDates' terms. */
  private static final List<String> FIRST_DATES =
      List.of(
          "2024-01-01", // nothing to compare with: every date the warehouse holds
          "2024-01-15", // finality flags a new as-of date flips: 02-15 - 31
          "2024-01-16", // the same: 02-16 - 31
          "2024-01-23"); // push dt=01-25 starts on 01-24 in New York, reaches one day back

  private static LocalDate[] nightOf(String asOf, String landed) {
    return new LocalDate[] {LocalDate.parse(asOf), LocalDate.parse(landed)};
  }

  @Test
  void nightsWithLateFilesEqualOneFullRunAndARerunCommitsNothing(
      SparkSession spark, @TempDir Path dir) throws IOException {
    Path all = dir.resolve("all");
    assertEquals(
        0,
        Main.execute(
            "generate",
            "--users",
            "150",
            "--days",
            "80",
            "--start",
            "2024-01-01",
            "--seed",
            "5",
            "--out",
            all.toString()));
    Path live = dir.resolve("live");
    String nightly = dir.resolve("nightly").toString();
    OptoutConfig config = config(live, nightly);
    PipelineJob job = new PipelineJob(spark, config, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    // a backfill first, then nightly runs
    arrive(all, live, LocalDate.parse("2024-02-14"));
    LocalDate backfilled = LocalDate.parse("2024-02-14");
    job.run(
        RunWindow.range(LocalDate.parse("2024-01-01"), backfilled, backfilled, config.timezone()));
    List<LocalDate> firstDates = new java.util.ArrayList<>();
    Row comeBack = null;
    LocalDate last = null;
    for (LocalDate[] night : NIGHTS) {
      arrive(all, live, night[1]);
      last = night[0];
      if (night == NIGHTS.get(3)) {
        comeBack = optInAgain(spark, live, nightly);
      }
      if (night == NIGHTS.get(NIGHTS.size() - 1)) {
        renameACampaign(spark, live);
        deleteOneFile(live.resolve("event/dt=2024-02-20"));
      }
      firstDates.add(job.nightly(last).window().from());
    }
    assertEquals(FIRST_DATES.stream().map(LocalDate::parse).toList(), firstDates.subList(0, 4));
    // consent dt=01-20 starts on 01-19 in New York and reaches 8 days back (the renamed campaign
    // may reach further)
    assertTrue(!firstDates.get(4).isAfter(LocalDate.parse("2024-01-11")), "" + firstDates);

    DeltaWarehouse warehouse = new DeltaWarehouse(spark, nightly);
    // an opt-out older than the fourth night's first date got its re-opt-in time
    assertEquals(
        List.of("[2024-03-02 05:00:00]"),
        io.optout.testing.DataFrames.rowsOf(
            warehouse
                .read(io.optout.schema.tables.CausesTable.SPEC)
                .where(
                    functions
                        .col(Columns.USER_ID)
                        .equalTo(comeBack.getString(1))
                        .and(functions.col(Columns.CHANNEL).equalTo(comeBack.getString(2)))
                        .and(functions.col(Columns.OPT_OUT_TIME).equalTo(comeBack.get(3))))
                .select(functions.col(Columns.REOPT_IN_TIME).cast("string"))));
    Map<String, Optional<Long>> before = versions(warehouse);
    RunRecord again = job.nightly(last);
    assertEquals(RunsTable.SUCCEEDED, again.status());
    assertEquals(Map.of(), again.rowsWritten());
    assertEquals(before, versions(warehouse), "the rerun of the last night committed nothing");

    String full = dir.resolve("full").toString();
    new PipelineJob(spark, config(live, full), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .run(RunWindow.range(LocalDate.parse("2024-01-01"), last, last, config.timezone()));
    for (TableSpec table : dataTables()) {
      assertEquals(
          WarehouseComparison.sortedRows(
              WarehouseComparison.comparable(spark, table, full, WarehouseComparison.RUN_SPECIFIC)),
          WarehouseComparison.sortedRows(
              WarehouseComparison.comparable(
                  spark, table, nightly, WarehouseComparison.RUN_SPECIFIC)),
          table.name() + ": the nightly runs' rows equal one full run's");
    }
  }

  private static OptoutConfig config(Path lake, String warehouse) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("optout.warehouse", warehouse);
    overrides.put("optout.timezone", ZONE);
    for (String name : List.of("consent", "push", "campaign", "event")) {
      overrides.put("optout.lakes." + name + ".path", lake.resolve(name).toString());
    }
    return ConfigLoader.withOverrides(overrides);
  }

  /** The tables the metrics fill: not the run log nor the state the nightly runs keep. */
  private static List<TableSpec> dataTables() {
    Set<TableSpec> state =
        Set.of(RunsTable.SPEC, ConsentCheckpointTable.SPEC, InputFilesTable.SPEC);
    return Tables.all().stream().filter(t -> !state.contains(t)).toList();
  }

  private static Map<String, Optional<Long>> versions(DeltaWarehouse warehouse) {
    Map<String, Optional<Long>> out = new LinkedHashMap<>();
    for (TableSpec table : Tables.all()) {
      if (table != RunsTable.SPEC) {
        out.put(table.name(), warehouse.version(table));
      }
    }
    return out;
  }

  /**
   * Copies into {@code live} every partition up to {@code night} not held back, the held-back
   * partitions due by then, and the campaign lake.
   */
  private static void arrive(Path all, Path live, LocalDate night) throws IOException {
    for (String lake : List.of("consent", "push", "event")) {
      try (Stream<Path> partitions = Files.list(all.resolve(lake))) {
        for (Path partition : partitions.toList()) {
          String name = partition.getFileName().toString();
          if (!name.startsWith("dt=")) {
            continue;
          }
          LocalDate dt = LocalDate.parse(name.substring(3));
          LocalDate due = LATE.getOrDefault(lake + "/" + name, dt);
          Path target = live.resolve(lake).resolve(name);
          if (!due.isAfter(night) && !Files.exists(target)) {
            copy(partition, target);
          }
        }
      }
    }
    if (!Files.exists(live.resolve("campaign"))) {
      copy(all.resolve("campaign"), live.resolve("campaign"));
    }
  }

  /** A new version of one campaign, with another name, lands in the campaign lake. */
  private static void renameACampaign(SparkSession spark, Path live) {
    String campaigns = live.resolve("campaign").toString();
    Dataset<Row> one =
        spark
            .read()
            .parquet(campaigns)
            .orderBy(Columns.APP_ID, Columns.CAMPAIGN_ID)
            .limit(1)
            .withColumn(Columns.NAME, functions.lit("Renamed"))
            .withColumn(
                Columns.UPDATED_AT,
                functions.lit(java.sql.Timestamp.valueOf("2030-01-01 00:00:00")));
    one.localCheckpoint().write().mode(SaveMode.Append).parquet(campaigns);
  }

  /**
   * A user whose opt-out lies before 2024-01-20 and who never came back opts in again on 03-02: a
   * new file in consent dt=2024-03-02. Returns the opt-out (app_id, user_id, channel,
   * opt_out_time).
   */
  private static Row optInAgain(SparkSession spark, Path live, String warehouse) {
    Row key =
        new DeltaWarehouse(spark, warehouse)
            .read(io.optout.schema.tables.CausesTable.SPEC)
            .where(
                functions
                    .col(Columns.OPT_OUT_DATE)
                    .lt(java.sql.Date.valueOf("2024-01-20"))
                    .and(functions.col(Columns.REOPT_IN_TIME).isNull()))
            .orderBy(Columns.OPT_OUT_TIME, Columns.USER_ID, Columns.CHANNEL)
            .select(Columns.APP_ID, Columns.USER_ID, Columns.CHANNEL, Columns.OPT_OUT_TIME)
            .first();
    Path staging = live.resolve("staging");
    spark
        .createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create(
                    key.getString(0),
                    key.getString(1),
                    null,
                    null,
                    key.getString(2),
                    "opt_in",
                    java.sql.Timestamp.from(Instant.parse("2024-03-02T05:00:00Z")),
                    "settings",
                    null)),
            io.optout.schema.InputSchemas.schema(io.optout.config.Lake.CONSENT))
        .coalesce(1)
        .write()
        .parquet(staging.toString());
    try (Stream<Path> files = Files.list(staging)) {
      Path part =
          files
              .filter(f -> f.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.move(part, live.resolve("consent/dt=2024-03-02/came-back.parquet"));
      org.apache.commons.io.FileUtils.deleteDirectory(staging.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  private static void deleteOneFile(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.delete(file);
    }
    assertTrue(Files.exists(partition));
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
