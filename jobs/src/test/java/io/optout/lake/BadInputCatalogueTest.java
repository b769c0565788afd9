package io.optout.lake;

import static io.optout.lake.LakeFiles.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunFailure;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of docs/bad-input.md: one test per kind of broken input, each asserting the
 * documented outcome. Every run starts from a copy of one tiny good lake whose warehouse already
 * holds a good run. A kind that fails the run has a copy of its own, and its test asserts that no
 * table changed (only optout_runs records the failure). Kinds that a run accepts, rejects row by
 * row or leaves out do not interfere: three shared runs each carry several of them, made by the
 * first test that needs one, and each test asserts the effect of its own kind.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCatalogueTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-15T06:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate FROM = LocalDate.parse("2024-03-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-05");
  private static final LocalDate AS_OF = LocalDate.parse("2024-03-10");

  /** The catalogue wants to see rejected rows, not the reject-ratio failure of a five-row lake. */
  private static final Map<String, String> SETTINGS =
      Map.of("optout.max-reject-ratio", "0.5", "optout.cohort.lookback-days", "[1]");

  /** A string value of a million characters and a non-UTF-8 one (Latin-1 bytes). */
  private static final String MILLION_CHARACTERS = "x".repeat(1_000_000);

  private static final byte[] LATIN1 = {'M', (byte) 0xfc, 'l', 'l', 'e', 'r', (byte) 0xff};

  private Path root;

  /** Rows of the derived tables after the good run. */
  private Map<String, Object> goodRun;

  private final Map<String, SharedRun> sharedRuns = new HashMap<>();

  private static Object[] consent(String user, String channel, String status, String time) {
    return new Object[] {"a1", user, null, null, channel, status, ts(time), null, null};
  }

  private static Object[] event(String user, String time) {
    return new Object[] {"a1", user, null, "app_open", ts(time), null};
  }

  /** The good lake and its good run, made once; every test works on a copy. */
  @BeforeAll
  void goodLakeWithAGoodRun(SparkSession spark, @TempDir Path dir) {
    root = dir;
    LakeFixture good =
        new LakeFixture(spark, dir.resolve("good"))
            .append(
                Lake.CONSENT,
                consent("u1", "push", "opt_in", "2024-02-28T10:00:00Z"),
                consent("u1", "push", "opt_out", "2024-03-02T10:00:00Z"),
                consent("u2", "email", "opt_out", "2024-03-03T09:00:00Z"),
                consent("u3", "push", "opt_out", "2024-03-04T12:00:00Z"))
            .append(
                Lake.PUSH,
                new Object[] {
                  "a1", "u1", "m1", "c1", "delivered", ts("2024-03-01T08:00:00Z"), null
                },
                new Object[] {"a1", "u1", "m2", "c1", "opened", ts("2024-03-02T09:00:00Z"), null})
            .append(
                Lake.CAMPAIGN,
                new Object[] {
                  "a1", "c1", "Spring", "broadcast", "push", null, ts("2024-02-01T00:00:00Z")
                })
            .append(
                Lake.EVENT,
                event("u1", "2024-03-03T10:00:00Z"),
                event("u2", "2024-03-02T10:00:00Z"));
    run(spark, good.config(SETTINGS));
    goodRun = derivedRows(spark, good);
  }

  private static RunRecord run(SparkSession spark, OptoutConfig config) {
    return new PipelineJob(spark, config, CLOCK)
        .run(RunWindow.range(FROM, TO, AS_OF, config.timezone()));
  }

  /** A fresh copy of the good lake and warehouse. */
  private LakeFixture copy(SparkSession spark, Path dir) {
    return new LakeFixture(spark, root.resolve("good")).copyTo(dir);
  }

  private static OptoutConfig config(LakeFixture lake, String... keyValues) {
    Map<String, String> all = new HashMap<>(SETTINGS);
    for (int i = 0; i < keyValues.length; i += 2) {
      all.put(keyValues[i], keyValues[i + 1]);
    }
    return lake.config(all);
  }

  // ---- what a test compares -------------------------------------------------------------------

  /**
   * The Delta version of every table but optout_runs (which records failed runs too): a table at
   * the same version holds the same rows, and a failed run must not even commit and restore.
   */
  private static Map<String, Long> warehouseState(LakeFixture lake) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableSpec table : Tables.all()) {
      if (table != RunsTable.SPEC) {
        versions.put(
            table.name(), latestCommit(Path.of(lake.warehouse(), table.name(), "_delta_log")));
      }
    }
    return versions;
  }

  /** The newest commit file of a Delta log, read from disk (cheaper than a Spark job per table). */
  private static long latestCommit(Path log) {
    if (!Files.isDirectory(log)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
          .max()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of the derived tables, which a run that reads the same good rows reproduces. */
  private static Map<String, Object> derivedRows(SparkSession spark, LakeFixture lake) {
    DeltaWarehouse warehouse = new DeltaWarehouse(spark, lake.warehouse());
    Map<String, Object> rows = new LinkedHashMap<>();
    for (TableSpec table :
        List.of(FactsTable.SPEC, DailyTable.SPEC, ConsentStateTable.SPEC, CohortsTable.SPEC)) {
      rows.put(table.name(), rowsOf(warehouse.read(table)));
    }
    return rows;
  }

  /** Runs and expects a failure before any write: returns its message, asserts nothing changed. */
  private static String failsLeavingTablesAsTheyWere(
      SparkSession spark, LakeFixture lake, OptoutConfig config) {
    Map<String, Long> before = warehouseState(lake);
    assertTrue(before.get(FactsTable.NAME) >= 0, "the good run is there");
    RunFailure failure = assertThrows(RunFailure.class, () -> run(spark, config));
    assertEquals(before, warehouseState(lake), "a failed run leaves every table as it was");
    String message = failure.getMessage();
    assertFalse(message.contains("\n"), "one line: " + message);
    java.util.regex.Matcher runId =
        java.util.regex.Pattern.compile("^run (\\S+) failed, no table changed: ").matcher(message);
    assertTrue(runId.find(), message);
    Row recorded = runRow(spark, lake, runId.group(1));
    assertEquals(RunsTable.FAILED, recorded.getAs(Columns.STATUS));
    assertTrue(
        message.endsWith(recorded.getAs(Columns.ERROR)),
        "optout_runs holds the error: " + recorded);
    return message;
  }

  /** optout_rejects as (lake, input_dt, rule) of one lake. */
  private static List<String> rejects(SparkSession spark, LakeFixture lake, Lake which) {
    return rowsOf(
        new DeltaWarehouse(spark, lake.warehouse())
            .read(RejectsTable.SPEC)
            .where(col("lake").equalTo(which.key()))
            .select("lake", "input_dt", "rule"));
  }

  private static Row runRow(SparkSession spark, LakeFixture lake, String runId) {
    return new DeltaWarehouse(spark, lake.warehouse())
        .read(RunsTable.SPEC)
        .where(col(Columns.RUN_ID).equalTo(runId))
        .first();
  }

  /** skipped_files as optout_runs holds it for the run. */
  private static List<String> skippedFilesRecorded(
      SparkSession spark, LakeFixture lake, RunRecord record) {
    Row row = runRow(spark, lake, record.runId());
    return row.getList(row.fieldIndex(Columns.SKIPPED_FILES));
  }

  // ---- the shared runs --------------------------------------------------------------------------

  /** A shared run: the lake it read (in a copy of the good warehouse) and its record. */
  private record SharedRun(LakeFixture lake, RunRecord outcome, Throwable failure) {
    RunRecord record() {
      if (failure != null) {
        throw new AssertionError("the shared run failed", failure);
      }
      return outcome;
    }
  }

  /**
   * The run {@code name} over a copy of the good lake to which {@code oddities} added files (and
   * returned the configuration), made once; a failure is kept too, so every test that needs the run
   * reports it.
   */
  private SharedRun shared(
      SparkSession spark, String name, Function<LakeFixture, OptoutConfig> oddities) {
    return sharedRuns.computeIfAbsent(
        name,
        key -> {
          LakeFixture lake = copy(spark, root.resolve(key));
          try {
            return new SharedRun(lake, run(spark, oddities.apply(lake)), null);
          } catch (RuntimeException | AssertionError e) {
            return new SharedRun(lake, null, e);
          }
        });
  }

  /**
   * Default mode: input the run leaves out (a zero-byte file, empty future folders) or rejects row
   * by row (rows outside their dt partition). The tables must stay the good run's.
   */
  private SharedRun leftOutOrRejected(SparkSession spark) {
    return shared(
        spark,
        "left-out-or-rejected",
        lake -> {
          write(partition(lake, Lake.CONSENT, "2024-03-03").resolve("empty.parquet"), new byte[0]);
          partition(lake, Lake.EVENT, "2099-01-01");
          partition(lake, Lake.CONSENT, "2099-01-01");
          parquetFile(
              frame(
                  spark,
                  InputSchemas.schema(Lake.CONSENT),
                  consent("u1", "push", "opt_in", "9999-12-31T00:00:00Z")),
              partition(lake, Lake.CONSENT, "2026-03-28"),
              "future.parquet");
          parquetFile(
              frame(spark, InputSchemas.schema(Lake.EVENT), event("u3", "2024-03-04T23:00:00Z")),
              partition(lake, Lake.EVENT, "2024-03-02"),
              "late.parquet");
          return config(lake);
        });
  }

  /**
   * Default mode: odd values the contract accepts, each a consent row of its own user (u4 .. u7),
   * and the event lake as JSON with a line that is not JSON and an empty file.
   */
  private SharedRun acceptedValues(SparkSession spark) {
    return shared(
        spark,
        "accepted-values",
        lake -> {
          StructType consent = InputSchemas.schema(Lake.CONSENT);
          parquetFile(
              frame(spark, consent, consent("u4", "sms", "opt_in", "1899-12-31T12:00:00Z")),
              partition(lake, Lake.CONSENT, "1899-12-31"),
              "old.parquet");
          parquetFile(
              frame(
                  spark,
                  consent,
                  new Object[] {
                    "a1",
                    "u5",
                    MILLION_CHARACTERS,
                    null,
                    "push",
                    "opt_out",
                    ts("2024-03-03T11:00:00Z"),
                    "Settings",
                    null
                  }),
              partition(lake, Lake.CONSENT, "2024-03-03"),
              "huge.parquet");
          parquetFile(
              frame(
                  spark,
                  withBinaryExternalId(consent),
                  new Object[] {
                    "a1",
                    "u6",
                    LATIN1,
                    null,
                    "push",
                    "opt_out",
                    ts("2024-03-03T11:00:00Z"),
                    null,
                    null
                  }),
              partition(lake, Lake.CONSENT, "2024-03-03"),
              "latin1.parquet");
          parquetFile(
              frame(spark, consent, consent("u7", "email", "opt_out", "2024-03-04T08:00:00Z"))
                  .withColumn("tenant_region", lit("eu-west"))
                  .withColumn("schema_version", lit(3)),
              partition(lake, Lake.CONSENT, "2024-03-04"),
              "extra.parquet");
          Path json = jsonEventDay(lake);
          createDirectories(json);
          write(
              json.resolve("part-0.json"),
              String.join(
                      "\n",
                      "{\"app_id\": \"a1\", \"user_id\": \"u2\", \"event_name\": \"app_open\","
                          + " \"event_time\": \"2024-03-02T10:00:00Z\"}",
                      "{\"app_id\": \"a1\", \"user_id\": \"u2\", \"event_name\": \"app_op",
                      "{\"app_id\": \"a1\", \"user_id\": \"u1\", \"event_name\": \"app_open\","
                          + " \"event_time\": \"2024-03-02T12:00:00Z\"}",
                      "")
                  .getBytes(StandardCharsets.UTF_8));
          write(json.resolve("empty.json"), new byte[0]);
          return config(
              lake,
              "optout.lakes.event.path",
              json.getParent().toString(),
              "optout.lakes.event.format",
              "json");
        });
  }

  /** The consent contract with external_id as plain BINARY, as a writer without UTF-8 leaves it. */
  private static StructType withBinaryExternalId(StructType consent) {
    return new StructType(
        java.util.Arrays.stream(consent.fields())
            .map(
                f ->
                    f.name().equals("external_id")
                        ? new org.apache.spark.sql.types.StructField(
                            f.name(), DataTypes.BinaryType, true, f.metadata())
                        : f)
            .toArray(org.apache.spark.sql.types.StructField[]::new));
  }

  /** The partition folder of the JSON event lake beside the copy's Parquet lakes. */
  private static Path jsonEventDay(LakeFixture lake) {
    return Path.of(lake.warehouse()).resolveSibling("event-json").resolve("dt=2024-03-02");
  }

  /**
   * Skip mode: a folder that is no dt partition with real rows (consent), random bytes named
   * .parquet (push), a tmp folder (event), a truncated copy beside a partition's good file
   * (consent).
   */
  private SharedRun skipping(SparkSession spark) {
    return shared(
        spark,
        "skipping",
        lake -> {
          parquetFile(
              frame(
                  spark,
                  InputSchemas.schema(Lake.CONSENT),
                  consent("u9", "push", "opt_out", "2024-03-02T11:00:00Z")),
              partition(lake, Lake.CONSENT, "garbage"),
              "rows.parquet");
          write(
              partition(lake, Lake.PUSH, "2024-03-02").resolve("noise.parquet"),
              new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
          Path tmp = createDirectories(Path.of(lake.lakePath(Lake.EVENT)).resolve("tmp"));
          write(tmp.resolve("part.parquet"), new byte[] {1});
          Path good = aGoodFileOf(lake, Lake.CONSENT, "2024-03-02");
          byte[] bytes = readAllBytes(good);
          write(
              good.resolveSibling("cut.parquet"),
              java.util.Arrays.copyOf(bytes, bytes.length - 10));
          return config(lake, "optout.on-bad-file", "skip");
        });
  }

  private static byte[] readAllBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the catalogue: kinds that fail the run ---------------------------------------------------

  @Test
  void randomBytesNamedParquetFailTheRunNamingLakeAndFile(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    byte[] noise = new byte[2048];
    new Random(7).nextBytes(noise);
    Path bad = write(partition(lake, Lake.PUSH, "2024-03-02").resolve("noise.parquet"), noise);
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains(
            "lake push: file file:" + bad + ": not a Parquet file (it does not start with PAR1)"),
        message);
    assertTrue(message.contains("optout.on-bad-file = skip"), message);
  }

  @Test
  void aTruncatedParquetFileFailsTheRunAsTruncated(SparkSession spark, @TempDir Path dir)
      throws IOException {
    LakeFixture lake = copy(spark, dir);
    Path good = aGoodFileOf(lake, Lake.EVENT, "2024-03-03");
    byte[] bytes = Files.readAllBytes(good);
    // a copy cut short, as an interrupted upload leaves it
    Path cut =
        write(good.resolveSibling("cut.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains("lake event: file file:" + cut + ": truncated Parquet file"), message);

    // only the tail lost: the magic is there, the footer length points before the file start
    byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length);
    byte[] shortFile = new byte[40];
    System.arraycopy(bytes, 0, shortFile, 0, 4);
    System.arraycopy(tail, 0, shortFile, shortFile.length - 8, 8);
    write(cut, shortFile);
    assertTrue(
        failsLeavingTablesAsTheyWere(spark, lake, config(lake))
            .contains("reaches past the start of the file"));
  }

  @Test
  void aReadmeInsideAPartitionFolderFailsTheRun(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Path readme =
        write(
            partition(lake, Lake.CONSENT, "2024-03-02").resolve("README.txt"),
            "This folder holds the consent export of March 2.\n".getBytes(StandardCharsets.UTF_8));
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains("lake consent: file file:" + readme + ": not a Parquet file"), message);
  }

  @Test
  void oneFileWhoseEventTimeIsAStringFailsTheRunNamingTheColumn(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Dataset<Row> rows =
        frame(spark, InputSchemas.schema(Lake.EVENT), event("u9", "2024-03-02T11:00:00Z"))
            .withColumn("event_time", col("event_time").cast("string"));
    Path file = parquetFile(rows, partition(lake, Lake.EVENT, "2024-03-02"), "strings.parquet");
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains(
            "lake event: file file:"
                + file
                + ": column 'event_time' is a string where the contract wants a timestamp"),
        message);
  }

  @Test
  void aColumnOfTheWrongTypeInTheWholeLakeFailsEvenWhenSkipping(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    deleteTree(Path.of(lake.lakePath(Lake.PUSH)));
    Dataset<Row> push =
        frame(
                spark,
                InputSchemas.schema(Lake.PUSH),
                new Object[] {
                  "a1", "u1", "m1", "c1", "delivered", ts("2024-03-01T08:00:00Z"), null
                })
            .withColumn("event_time", col("event_time").cast("long"));
    parquetFile(push, partition(lake, Lake.PUSH, "2024-03-01"), "epoch-seconds.parquet");
    assertTrue(
        failsLeavingTablesAsTheyWere(spark, lake, config(lake))
            .contains("column 'event_time' is a bigint where the contract wants a timestamp"));
    String skipping =
        failsLeavingTablesAsTheyWere(spark, lake, config(lake, "optout.on-bad-file", "skip"));
    assertTrue(
        skipping.contains("lake push: every data file of dt ") && skipping.contains("is bad"),
        skipping);
  }

  @Test
  void aFileMissingUserIdFailsTheRunNamingFileAndColumn(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Dataset<Row> rows =
        frame(
                spark,
                InputSchemas.schema(Lake.CONSENT),
                consent("u9", "push", "opt_out", "2024-03-02T11:00:00Z"))
            .drop("user_id");
    Path file = parquetFile(rows, partition(lake, Lake.CONSENT, "2024-03-02"), "no-user.parquet");
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains(
            "lake consent: file file:" + file + ": required column 'user_id' is missing"),
        message);
  }

  @Test
  void aDtGarbageFolderWithRealRowsFailsTheRun(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Path garbage = partition(lake, Lake.CONSENT, "garbage");
    parquetFile(
        frame(
            spark,
            InputSchemas.schema(Lake.CONSENT),
            consent("u9", "push", "opt_out", "2024-03-02T11:00:00Z")),
        garbage,
        "rows.parquet");
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains(
            "lake consent: folder file:" + garbage + ": not a dt=YYYY-MM-DD partition folder"),
        message);
  }

  @Test
  void aMissingEventLakeFolderIsOneClearLine(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    deleteTree(Path.of(lake.lakePath(Lake.EVENT)));
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.endsWith("lake event: path " + lake.lakePath(Lake.EVENT) + " does not exist"),
        message);
  }

  @Test
  void aDeltaLakeAtAnUnreadableVersionIsOneClearLine(SparkSession spark, @TempDir Path dir)
      throws IOException {
    LakeFixture lake = copy(spark, dir);
    Path delta = dir.resolve("campaign-delta");
    Dataset<Row> campaign =
        frame(
            spark,
            InputSchemas.schema(Lake.CAMPAIGN),
            new Object[] {
              "a1", "c1", "Spring", "broadcast", "push", null, ts("2024-02-01T00:00:00Z")
            });
    campaign.write().format("delta").save(delta.toString());
    campaign.write().format("delta").mode("append").save(delta.toString());
    write(
        delta.resolve("_delta_log").resolve("00000000000000000001.json"),
        "{\"add\": {\"path\": broken".getBytes(StandardCharsets.UTF_8));
    String message =
        failsLeavingTablesAsTheyWere(
            spark,
            lake,
            config(
                lake,
                "optout.lakes.campaign.path",
                delta.toString(),
                "optout.lakes.campaign.format",
                "delta"));
    assertTrue(
        message.contains(
            "lake campaign at "
                + delta
                + ": cannot read as delta: Encountered error while reading file "),
        message);
    assertTrue(message.contains("00000000000000000001.json"), message);
  }

  // ---- the catalogue: kinds a run leaves out or rejects row by row -----------------------------

  @Test
  void aZeroByteFileIsLeftOutSaidAndListed(SparkSession spark) {
    SharedRun run = leftOutOrRejected(spark);
    Path empty = partition(run.lake(), Lake.CONSENT, "2024-03-03").resolve("empty.parquet");
    assertEquals(
        List.of("lake consent: file file:" + empty + ": zero-byte file"),
        run.record().skippedFiles());
    assertEquals(
        run.record().skippedFiles(), skippedFilesRecorded(spark, run.lake(), run.record()));
    assertEquals(goodRun, derivedRows(spark, run.lake()));
    assertEquals(
        5L, run.record().rowsRead().get("consent"), "the good lake's 4 and the 9999 row, no more");
  }

  @Test
  void anEmptyDtFolderForAFutureDayIsFine(SparkSession spark) {
    SharedRun run = leftOutOrRejected(spark);
    assertTrue(
        Files.isDirectory(partition(run.lake(), Lake.EVENT, "2099-01-01")), "the folder is there");
    assertEquals(
        List.of(),
        run.record().skippedFiles().stream().filter(f -> f.contains("2099")).toList(),
        "an empty folder is neither an error nor a skipped file");
    assertEquals(goodRun, derivedRows(spark, run.lake()));
  }

  @Test
  void consentRowsDated9999InsideAnOrdinaryPartitionAreRejected(SparkSession spark) {
    SharedRun run = leftOutOrRejected(spark);
    assertEquals(
        List.of("[consent,2026-03-28,event_time: outside its dt partition]"),
        rejects(spark, run.lake(), Lake.CONSENT));
    assertEquals(1L, run.record().rowsRejected().get("consent"));
    assertEquals(
        goodRun,
        derivedRows(spark, run.lake()),
        "u1 stays opted out: the 9999 row is not its latest state");
  }

  @Test
  void aRowFiledUnderAnotherDayIsRejectedWithItsOwnRule(SparkSession spark) {
    SharedRun run = leftOutOrRejected(spark);
    assertEquals(
        List.of("[event,2024-03-02,event_time: outside its dt partition]"),
        rejects(spark, run.lake(), Lake.EVENT));
    assertEquals(1L, run.record().rowsRejected().get("event"));
    assertEquals(2L, run.record().rowsUsed().get("event"));
  }

  @Test
  void aMalformedLineOfAJsonLakeIsARejectedRow(SparkSession spark) {
    SharedRun run = acceptedValues(spark);
    assertEquals(
        List.of("[event,2024-03-02,row: not valid JSON]"), rejects(spark, run.lake(), Lake.EVENT));
    assertEquals(3L, run.record().rowsRead().get("event"));
    assertEquals(2L, run.record().rowsUsed().get("event"));
    assertEquals(
        List.of(
            "lake event: file file:"
                + jsonEventDay(run.lake()).resolve("empty.json")
                + ": zero-byte file"),
        run.record().skippedFiles());
  }

  // ---- the catalogue: skip mode -----------------------------------------------------------------

  @Test
  void skipModeLeavesOutAGarbageFolderAndRandomBytesListsAndCountsThem(SparkSession spark) {
    SharedRun run = skipping(spark);
    LakeFixture lake = run.lake();
    Path cut = partition(lake, Lake.CONSENT, "2024-03-02").resolve("cut.parquet");
    List<String> skipped = run.record().skippedFiles();
    assertEquals(
        List.of(
            "lake consent: folder file:"
                + partition(lake, Lake.CONSENT, "garbage")
                + ": not a dt=YYYY-MM-DD partition folder, its files are not read",
            skipped.get(1), // the truncated file: its own test
            "lake push: file file:"
                + partition(lake, Lake.PUSH, "2024-03-02").resolve("noise.parquet")
                + ": not a Parquet file (it does not start with PAR1)",
            "lake event: folder file:"
                + Path.of(lake.lakePath(Lake.EVENT)).resolve("tmp")
                + ": not a dt=YYYY-MM-DD partition folder, its files are not read"),
        skipped);
    assertTrue(skipped.get(1).contains(cut.toString()), skipped.get(1));
    assertEquals(skipped, skippedFilesRecorded(spark, lake, run.record()));
    assertEquals(goodRun, derivedRows(spark, lake), "the good files give the good run's tables");
    assertEquals(4L, run.record().rowsRead().get("consent"));
    assertEquals(2L, run.record().rowsRead().get("push"));
  }

  @Test
  void skipModeLeavesOutATruncatedFileAndKeepsTheOtherFilesOfItsPartition(SparkSession spark) {
    SharedRun run = skipping(spark);
    Path cut = partition(run.lake(), Lake.CONSENT, "2024-03-02").resolve("cut.parquet");
    List<String> truncated =
        run.record().skippedFiles().stream().filter(f -> f.contains(cut.toString())).toList();
    assertEquals(1, truncated.size(), run.record().skippedFiles().toString());
    assertTrue(
        truncated.get(0).startsWith("lake consent: file file:" + cut + ": truncated Parquet file"),
        truncated.get(0));
    assertEquals(
        goodRun, derivedRows(spark, run.lake()), "the partition's good file is still read");
  }

  // ---- the catalogue: accepted as they are ------------------------------------------------------

  @Test
  void timestampsBefore1900AreAccepted(SparkSession spark) {
    SharedRun run = acceptedValues(spark);
    assertEquals(0L, run.record().rowsRejected().get("consent"));
    assertRows(
        new DeltaWarehouse(spark, run.lake().warehouse())
            .read(ConsentStateTable.SPEC)
            .where(col("user_id").equalTo("u4"))
            .select("status", "changed_at"),
        "[opt_in,1899-12-31 12:00:00.0]");
  }

  @Test
  void stringsOfAMillionCharactersAreAccepted(SparkSession spark) {
    SharedRun run = acceptedValues(spark);
    assertEquals(0L, run.record().rowsRejected().get("consent"));
    Row fact =
        new DeltaWarehouse(spark, run.lake().warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u5"))
            .first();
    assertEquals(MILLION_CHARACTERS, fact.getAs("external_id"));
  }

  @Test
  void nonUtf8BytesInAStringColumnAreKeptAsTheyAre(SparkSession spark) {
    SharedRun run = acceptedValues(spark);
    assertEquals(0L, run.record().rowsRejected().get("consent"));
    Row fact =
        new DeltaWarehouse(spark, run.lake().warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u6"))
            .select(col("external_id").cast("binary"))
            .first();
    assertArrayEquals(LATIN1, (byte[]) fact.get(0), "the bytes reach the tables unchanged");
  }

  @Test
  void extraUnknownColumnsAreAccepted(SparkSession spark) {
    SharedRun run = acceptedValues(spark);
    assertEquals(0L, run.record().rowsRejected().get("consent"));
    assertEquals(
        8L, run.record().rowsUsed().get("consent"), "the good lake's 4 and u4 .. u7, u7 included");
    assertEquals(
        1L,
        new DeltaWarehouse(spark, run.lake().warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u7"))
            .count());
  }
}
