package io.optout.lake;

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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Bad input" catalogue of the README: one test per kind of broken input, each running the real
 * pipeline on a copy of one tiny good lake whose warehouse already holds a good run, and asserting
 * the documented outcome; after a failure, that no table changed (only optout_runs records it).
 */
@SparkTest
class BadInputCatalogueTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-15T06:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate FROM = LocalDate.parse("2024-03-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-05");
  private static final LocalDate AS_OF = LocalDate.parse("2024-03-10");

  /** The catalogue wants to see rejected rows, not the reject-ratio failure of a five-row lake. */
  private static final Map<String, String> SETTINGS =
      Map.of("optout.max-reject-ratio", "0.5", "optout.cohort.lookback-days", "[1]");

  @TempDir static Path shared;

  private static Object[] consent(String user, String channel, String status, String time) {
    return new Object[] {"a1", user, null, null, channel, status, ts(time), null, null};
  }

  private static Object[] event(String user, String time) {
    return new Object[] {"a1", user, null, "app_open", ts(time), null};
  }

  /** The good lake and its good run, made once; every test works on a copy. */
  @BeforeAll
  static void goodLakeWithAGoodRun(SparkSession spark) {
    LakeFixture good =
        new LakeFixture(spark, shared)
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
  }

  private static RunRecord run(SparkSession spark, OptoutConfig config) {
    return new PipelineJob(spark, config, CLOCK)
        .run(RunWindow.range(FROM, TO, AS_OF, config.timezone()));
  }

  /** A fresh copy of the good lake and warehouse. */
  private static LakeFixture copy(SparkSession spark, Path dir) {
    copyTree(shared.resolve("lake"), dir.resolve("lake"));
    copyTree(shared.resolve("warehouse"), dir.resolve("warehouse"));
    return new LakeFixture(spark, dir);
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
  private static Map<String, Long> warehouseState(SparkSession spark, LakeFixture lake) {
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
    Map<String, Long> before = warehouseState(spark, lake);
    assertTrue(before.get(FactsTable.NAME) >= 0, "the good run is there");
    RunFailure failure = assertThrows(RunFailure.class, () -> run(spark, config));
    assertEquals(before, warehouseState(spark, lake), "a failed run leaves every table as it was");
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

  private static List<String> rejects(SparkSession spark, LakeFixture lake) {
    return rowsOf(
        new DeltaWarehouse(spark, lake.warehouse())
            .read(RejectsTable.SPEC)
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
    return runRow(spark, lake, record.runId())
        .getList(runRow(spark, lake, record.runId()).fieldIndex(Columns.SKIPPED_FILES));
  }

  // ---- how a test breaks the lake ---------------------------------------------------------------

  private static Path partition(LakeFixture lake, Lake which, String dt) {
    Path folder = Path.of(lake.lakePath(which)).resolve("dt=" + dt);
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes rows as one Parquet file named {@code name} into {@code folder} (no dt column inside).
   */
  private static Path parquetFile(SparkSession spark, Dataset<Row> rows, Path folder, String name) {
    Path scratch = folder.getParent().getParent().resolve("_scratch-" + name);
    rows.coalesce(1).write().parquet(scratch.toString());
    try (Stream<Path> files = Files.list(scratch)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Path target = Files.move(part, folder.resolve(name));
      deleteTree(scratch);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path aGoodFileOf(LakeFixture lake, Lake which, String dt) {
    try (Stream<Path> files = Files.list(partition(lake, which, dt))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the catalogue ----------------------------------------------------------------------------

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
    Path file =
        parquetFile(spark, rows, partition(lake, Lake.EVENT, "2024-03-02"), "strings.parquet");
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
    parquetFile(spark, push, partition(lake, Lake.PUSH, "2024-03-01"), "epoch-seconds.parquet");
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
    Path file =
        parquetFile(spark, rows, partition(lake, Lake.CONSENT, "2024-03-02"), "no-user.parquet");
    String message = failsLeavingTablesAsTheyWere(spark, lake, config(lake));
    assertTrue(
        message.contains(
            "lake consent: file file:" + file + ": required column 'user_id' is missing"),
        message);
  }

  @Test
  void aZeroByteFileIsLeftOutSaidAndListed(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Map<String, Object> goodRun = derivedRows(spark, lake);
    Path empty =
        write(partition(lake, Lake.CONSENT, "2024-03-03").resolve("empty.parquet"), new byte[0]);
    RunRecord record = run(spark, config(lake));
    assertEquals(
        List.of("lake consent: file file:" + empty + ": zero-byte file"), record.skippedFiles());
    assertEquals(record.skippedFiles(), skippedFilesRecorded(spark, lake, record));
    assertEquals(goodRun, derivedRows(spark, lake));
    assertEquals(4L, record.rowsRead().get("consent"));
  }

  @Test
  void aDtGarbageFolderWithRealRowsFailsTheRun(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Path garbage = partition(lake, Lake.CONSENT, "garbage");
    parquetFile(
        spark,
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
  void skipModeLeavesOutAGarbageFolderAndRandomBytesListsAndCountsThem(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Map<String, Object> goodRun = derivedRows(spark, lake);
    Path garbage = partition(lake, Lake.CONSENT, "garbage");
    parquetFile(
        spark,
        frame(
            spark,
            InputSchemas.schema(Lake.CONSENT),
            consent("u9", "push", "opt_out", "2024-03-02T11:00:00Z")),
        garbage,
        "rows.parquet");
    Path noise =
        write(
            partition(lake, Lake.PUSH, "2024-03-02").resolve("noise.parquet"),
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
    Path tmp = createDirectories(Path.of(lake.lakePath(Lake.EVENT)).resolve("tmp"));
    write(tmp.resolve("part.parquet"), new byte[] {1});

    RunRecord record = run(spark, config(lake, "optout.on-bad-file", "skip"));
    assertEquals(
        List.of(
            "lake consent: folder file:"
                + garbage
                + ": not a dt=YYYY-MM-DD partition folder, its files are not read",
            "lake push: file file:" + noise + ": not a Parquet file (it does not start with PAR1)",
            "lake event: folder file:"
                + tmp
                + ": not a dt=YYYY-MM-DD partition folder, its files are not read"),
        record.skippedFiles());
    assertEquals(record.skippedFiles(), skippedFilesRecorded(spark, lake, record));
    assertEquals(goodRun, derivedRows(spark, lake), "the good files give the good run's tables");
    assertEquals(4L, record.rowsRead().get("consent"));
    assertEquals(2L, record.rowsRead().get("push"));
  }

  @Test
  void skipModeLeavesOutATruncatedFileAndKeepsTheOtherFilesOfItsPartition(
      SparkSession spark, @TempDir Path dir) throws IOException {
    LakeFixture lake = copy(spark, dir);
    Map<String, Object> goodRun = derivedRows(spark, lake);
    Path good = aGoodFileOf(lake, Lake.CONSENT, "2024-03-02");
    byte[] bytes = Files.readAllBytes(good);
    Path cut =
        write(
            good.resolveSibling("cut.parquet"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
    RunRecord record = run(spark, config(lake, "optout.on-bad-file", "skip"));
    assertEquals(1, record.skippedFiles().size());
    assertTrue(
        record
            .skippedFiles()
            .get(0)
            .startsWith("lake consent: file file:" + cut + ": truncated Parquet file"),
        record.skippedFiles().toString());
    assertEquals(goodRun, derivedRows(spark, lake), "the partition's good file is still read");
  }

  @Test
  void consentRowsDated9999InsideAnOrdinaryPartitionAreRejected(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Map<String, Object> goodRun = derivedRows(spark, lake);
    parquetFile(
        spark,
        frame(
            spark,
            InputSchemas.schema(Lake.CONSENT),
            consent("u1", "push", "opt_in", "9999-12-31T00:00:00Z")),
        partition(lake, Lake.CONSENT, "2026-03-28"),
        "future.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(
        List.of("[consent,2026-03-28,event_time: outside its dt partition]"), rejects(spark, lake));
    assertEquals(1L, record.rowsRejected().get("consent"));
    assertEquals(
        goodRun,
        derivedRows(spark, lake),
        "u1 stays opted out: the 9999 row is not its latest state");
  }

  @Test
  void aRowFiledUnderAnotherDayIsRejectedWithItsOwnRule(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    parquetFile(
        spark,
        frame(spark, InputSchemas.schema(Lake.EVENT), event("u3", "2024-03-04T23:00:00Z")),
        partition(lake, Lake.EVENT, "2024-03-02"),
        "late.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(
        List.of("[event,2024-03-02,event_time: outside its dt partition]"), rejects(spark, lake));
    assertEquals(1L, record.rowsRejected().get("event"));
    assertEquals(2L, record.rowsUsed().get("event"));
  }

  @Test
  void anEmptyDtFolderForAFutureDayIsFine(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Map<String, Object> goodRun = derivedRows(spark, lake);
    partition(lake, Lake.EVENT, "2099-01-01");
    partition(lake, Lake.CONSENT, "2099-01-01");
    RunRecord record = run(spark, config(lake));
    assertEquals(List.of(), record.skippedFiles());
    assertEquals(goodRun, derivedRows(spark, lake));
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
  void timestampsBefore1900AreAccepted(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    parquetFile(
        spark,
        frame(
            spark,
            InputSchemas.schema(Lake.CONSENT),
            consent("u4", "sms", "opt_in", "1899-12-31T12:00:00Z")),
        partition(lake, Lake.CONSENT, "1899-12-31"),
        "old.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(0L, record.rowsRejected().get("consent"));
    assertRows(
        new DeltaWarehouse(spark, lake.warehouse())
            .read(ConsentStateTable.SPEC)
            .where(col("user_id").equalTo("u4"))
            .select("status", "changed_at"),
        "[opt_in,1899-12-31 12:00:00.0]");
  }

  @Test
  void stringsOfAMillionCharactersAreAccepted(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    String huge = "x".repeat(1_000_000);
    parquetFile(
        spark,
        frame(
            spark,
            InputSchemas.schema(Lake.CONSENT),
            new Object[] {
              "a1",
              "u5",
              huge,
              null,
              "push",
              "opt_out",
              ts("2024-03-03T11:00:00Z"),
              "Settings",
              null
            }),
        partition(lake, Lake.CONSENT, "2024-03-03"),
        "huge.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(0L, record.rowsRejected().get("consent"));
    Row fact =
        new DeltaWarehouse(spark, lake.warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u5"))
            .first();
    assertEquals(huge, fact.getAs("external_id"));
  }

  @Test
  void nonUtf8BytesInAStringColumnAreKeptAsTheyAre(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    StructType withBinaryId =
        new StructType(
            java.util.Arrays.stream(InputSchemas.schema(Lake.CONSENT).fields())
                .map(
                    f ->
                        f.name().equals("external_id")
                            ? new org.apache.spark.sql.types.StructField(
                                f.name(), DataTypes.BinaryType, true, f.metadata())
                            : f)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    byte[] latin1 = {'M', (byte) 0xfc, 'l', 'l', 'e', 'r', (byte) 0xff};
    parquetFile(
        spark,
        frame(
            spark,
            withBinaryId,
            new Object[] {
              "a1", "u6", latin1, null, "push", "opt_out", ts("2024-03-03T11:00:00Z"), null, null
            }),
        partition(lake, Lake.CONSENT, "2024-03-03"),
        "latin1.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(0L, record.rowsRejected().get("consent"));
    Row fact =
        new DeltaWarehouse(spark, lake.warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u6"))
            .select(col("external_id").cast("binary"))
            .first();
    assertArrayEquals(latin1, (byte[]) fact.get(0), "the bytes reach the tables unchanged");
  }

  @Test
  void extraUnknownColumnsAreAccepted(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Dataset<Row> rows =
        frame(
                spark,
                InputSchemas.schema(Lake.CONSENT),
                consent("u7", "email", "opt_out", "2024-03-04T08:00:00Z"))
            .withColumn("tenant_region", lit("eu-west"))
            .withColumn("schema_version", lit(3));
    parquetFile(spark, rows, partition(lake, Lake.CONSENT, "2024-03-04"), "extra.parquet");
    RunRecord record = run(spark, config(lake));
    assertEquals(0L, record.rowsRejected().get("consent"));
    assertEquals(5L, record.rowsUsed().get("consent"));
    assertEquals(
        1L,
        new DeltaWarehouse(spark, lake.warehouse())
            .read(FactsTable.SPEC)
            .where(col("user_id").equalTo("u7"))
            .count());
  }

  @Test
  void aMalformedLineOfAJsonLakeIsARejectedRow(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = copy(spark, dir);
    Path json = dir.resolve("event-json");
    Path day = createDirectories(json.resolve("dt=2024-03-02"));
    write(
        day.resolve("part-0.json"),
        String.join(
                "\n",
                "{\"app_id\": \"a1\", \"user_id\": \"u2\", \"event_name\": \"app_open\","
                    + " \"event_time\": \"2024-03-02T10:00:00Z\"}",
                "{\"app_id\": \"a1\", \"user_id\": \"u2\", \"event_name\": \"app_op",
                "{\"app_id\": \"a1\", \"user_id\": \"u1\", \"event_name\": \"app_open\","
                    + " \"event_time\": \"2024-03-02T12:00:00Z\"}",
                "")
            .getBytes(StandardCharsets.UTF_8));
    write(day.resolve("empty.json"), new byte[0]);
    RunRecord record =
        run(
            spark,
            config(
                lake,
                "optout.lakes.event.path",
                json.toString(),
                "optout.lakes.event.format",
                "json"));
    assertEquals(List.of("[event,2024-03-02,row: not valid JSON]"), rejects(spark, lake));
    assertEquals(3L, record.rowsRead().get("event"));
    assertEquals(2L, record.rowsUsed().get("event"));
    assertEquals(
        List.of("lake event: file file:" + day.resolve("empty.json") + ": zero-byte file"),
        record.skippedFiles());
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

  // ---- files ------------------------------------------------------------------------------------

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.toList()) {
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

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
