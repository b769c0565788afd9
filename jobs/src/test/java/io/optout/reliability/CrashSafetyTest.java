package io.optout.reliability;

import static io.optout.reliability.ReliabilityFixture.CHILD_TIMEOUT;
import static io.optout.reliability.ReliabilityFixture.SECOND_NIGHT;
import static io.optout.reliability.ReliabilityFixture.START;
import static io.optout.reliability.ReliabilityFixture.derivedTables;
import static io.optout.reliability.ReliabilityFixture.rows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.KillPoints;
import io.optout.cli.Main;
import io.optout.config.ConfigLoader;
import io.optout.export.ExportJob;
import io.optout.export.ExportPeriod;
import io.optout.export.ExportRequest;
import io.optout.export.ExportResult;
import io.optout.reliability.ReliabilityFixture.ChildRun;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.OptoutChildJvm;
import io.optout.testing.SampleNight;
import io.optout.testing.SparkTest;
import io.optout.testing.TwoAtATime;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.RunVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nights in a row whose run dies with SIGKILL in a child JVM, each at another point, on a
 * warehouse that holds a good run: as a scheduler sees it when a machine keeps failing. After each
 * kill every table opens, holds either its old content or the full new commit (never half of one),
 * every killed run shows as started and never finished, the versions of the last succeeded run
 * still give the old consistent set, and the export reads them. Then one rerun heals: every table
 * equals the one an uninterrupted run writes (what an Airflow retry relies on). The kills share one
 * warehouse and that one rerun, in order; each later kill also takes over the lease a killed run
 * left. The killed children are also what the secrets test inspects: each is given S3 secrets the
 * way a launcher passes them (a JVM property, the command line, the environment); the rerun gets
 * the command line's.
 */
@SparkTest
@ExtendWith(SampleNight.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyTest {
  private static final String FROM_JVM = "jvm-secret-" + "Q7x2";
  private static final String FROM_CLI = "cli-secret-" + "K9p4";
  private static final String FROM_ENV = "env-secret-" + "Z3m8";
  private static final String SECRET_ON_THE_COMMAND_LINE =
      "-Doptout.spark.conf.spark.hadoop.fs.s3a.secret.key=" + FROM_CLI;

  /** A killed night: a secret in a JVM property, on the command line, in the environment. */
  private static ChildRun withSecrets(List<String> jvmOptions) {
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-Dspark.hadoop.fs.s3a.secret.key=" + FROM_JVM);
    return new ChildRun(
        options,
        Map.of(
            "AWS_SECRET_ACCESS_KEY",
            FROM_ENV,
            "AWS_ACCESS_KEY_ID",
            "AKIA" + "TEST",
            "OPTOUT_DEBUG",
            "1"),
        List.of(
            SECRET_ON_THE_COMMAND_LINE,
            "-Doptout.spark.conf.spark.hadoop.fs.s3a.access.key=AKIA" + "TEST"));
  }

  private ReliabilityFixture fixture;
  private Map<String, Long> baseVersions;

  /** The warehouse the three killed nights and the rerun share, and the kills made so far. */
  private String warehouse;

  private int kills;

  /** The consent state's version once the second killed night had committed it. */
  private long consentStateCommitted;

  /** What each killed child printed (stdout and stderr). */
  private final List<String> killedOutputs = new ArrayList<>();

  @BeforeAll
  void warehouses(SparkSession spark, SampleNight night, @TempDir Path dir) {
    fixture = new ReliabilityFixture(spark, night, dir);
    baseVersions =
        RunVersions.latestSucceeded(spark, new DeltaWarehouse(spark, fixture.base()), List.of())
            .orElseThrow();
    for (TableSpec table : derivedTables()) {
      // the sample lake breaks the contract in ~0.1% of rows: a lake this small may have no reject
      if (table != ConsentCheckpointTable.SPEC && table != RejectsTable.SPEC) {
        assertFalse(fixture.cleanRows(table).isEmpty(), "the fixture fills " + table.name());
      }
    }
    warehouse = fixture.copyOfBase("killed-nights");
  }

  /**
   * Starts the second night in a child JVM on the shared warehouse, waits for {@code line}, kills
   * it.
   */
  private void killedRun(List<String> jvmOptions, String line) throws InterruptedException {
    try (OptoutChildJvm child = fixture.startSecondNight(warehouse, withSecrets(jvmOptions))) {
      assertTrue(
          child.awaitLine(line, CHILD_TIMEOUT),
          "child never printed '" + line + "':\n" + child.output());
      child.kill();
      killedOutputs.add(child.output());
    }
    kills++;
  }

  @Test
  @Order(1)
  void killedWhileReading(SparkSession spark) throws InterruptedException {
    killedRun(List.of("-D" + KillPoints.ANNOUNCE + "=true"), KillPoints.PREFIX + "reading");
    assertAfterKill(spark, List.of());
  }

  @Test
  @Order(2)
  void killedBetweenTwoTableCommits(SparkSession spark) throws InterruptedException {
    String point = "after-commit:" + ConsentStateTable.NAME;
    killedRun(List.of("-D" + KillPoints.HALT_AT + "=" + point), KillPoints.PREFIX + point);
    assertAfterKill(spark, List.of(ConsentStateTable.SPEC));
    consentStateCommitted =
        new DeltaWarehouse(spark, warehouse).version(ConsentStateTable.SPEC).orElseThrow();
  }

  @Test
  @Order(3)
  void killedDuringACommit(SparkSession spark) throws InterruptedException {
    String line = KillPoints.PREFIX + "before-commit:" + FactsTable.NAME;
    killedRun(List.of("-D" + KillPoints.ANNOUNCE + "=true"), line);
    assertAfterKill(spark, List.of(ConsentStateTable.SPEC));
  }

  @Test
  @Order(4)
  void aRerunAfterTheKilledNightsEqualsAnUninterruptedRun(SparkSession spark) {
    assertEquals(3, kills, "the three killed nights ran first");
    assertEquals(
        0,
        Main.execute(
            fixture.withWarehouse(
                warehouse, "run", "--date", SECOND_NIGHT, SECRET_ON_THE_COMMAND_LINE)),
        "rerun");
    // the later attempts of the same night wrote with the killed one's txnVersion: Delta skipped
    // the table it had committed (docs/reliability.md)
    assertEquals(
        consentStateCommitted,
        new DeltaWarehouse(spark, warehouse).version(ConsentStateTable.SPEC).orElseThrow(),
        "the rerun committed the consent state again");
    TwoAtATime.forEach(
        derivedTables(),
        table ->
            assertEquals(
                fixture.cleanRows(table),
                rows(spark, table, warehouse),
                table.name() + " after the rerun equals an uninterrupted run's"));
  }

  private void assertOldOrComplete(SparkSession spark, TableSpec table, List<TableSpec> committed) {
    List<Row> now = rows(spark, table, warehouse);
    boolean old = now.equals(fixture.baseRows(table));
    boolean complete = now.equals(fixture.cleanRows(table));
    assertTrue(old || complete, table.name() + " holds part of a commit");
    if (committed.contains(table)) {
      assertTrue(complete, table.name() + " was committed before the kill");
    }
  }

  /**
   * {@code committed}: tables the killed run had certainly committed before the kill; any other
   * table holds either its base content or the complete new commit.
   */
  private void assertAfterKill(SparkSession spark, List<TableSpec> committed) {
    // two tables at a time, as the fixture reads them
    TwoAtATime.forEach(derivedTables(), table -> assertOldOrComplete(spark, table, committed));

    DeltaWarehouse delta = new DeltaWarehouse(spark, warehouse);
    List<Row> killed =
        delta
            .read(RunsTable.SPEC)
            .where(col(Columns.WINDOW_TO).equalTo(java.sql.Date.valueOf(SECOND_NIGHT)))
            .select(Columns.STATUS, Columns.FINISHED_AT)
            .collectAsList();
    assertEquals(kills, killed.size(), "only the started rows of the killed runs: " + killed);
    for (Row run : killed) {
      assertEquals(RunsTable.STARTED, run.getString(0));
      assertTrue(run.isNullAt(1));
    }

    // the export reads the first night's pair of versions, not the newer consent state
    ExportResult export =
        new ExportJob(spark, ConfigLoader.withOverrides(Map.of("optout.warehouse", warehouse)))
            .run(
                ExportRequest.csv(
                    ExportPeriod.between(
                        LocalDate.parse(START),
                        LocalDate.parse(SECOND_NIGHT),
                        LocalDate.parse(SECOND_NIGHT)),
                    fixture.root.resolve("export-after-kill-" + kills).toString(),
                    List.of()));
    assertEquals(baseVersions.get(FactsTable.NAME), export.factsVersion());
    assertEquals(baseVersions.get(ConsentStateTable.NAME), export.consentStateVersion());

    // readers of one consistent set still get the first night's tables
    Map<String, Long> versions = RunVersions.latestSucceeded(spark, delta, List.of()).orElseThrow();
    assertEquals(baseVersions, versions);
    for (TableSpec table : List.of(FactsTable.SPEC, ConsentStateTable.SPEC, DailyTable.SPEC)) {
      assertEquals(
          fixture.baseRows(table),
          rows(spark, table, warehouse, versions.get(table.name())),
          table.name() + " at the last succeeded run's version");
    }
  }

  @Test
  @Order(5)
  void secretsAppearInNoLogLineManifestOrRunRow(SparkSession spark) throws Exception {
    assertEquals(3, killedOutputs.size(), "the three killed nights ran first");
    String output = String.join("\n", killedOutputs);
    assertTrue(output.contains(KillPoints.PREFIX + "reading"), output);

    Path export = fixture.root.resolve("secret-export");
    assertEquals(
        0,
        Main.execute(
            fixture.withWarehouse(
                warehouse,
                "export",
                "--from",
                START,
                "--to",
                SECOND_NIGHT,
                "--as-of",
                SECOND_NIGHT,
                "--out",
                export.toString(),
                SECRET_ON_THE_COMMAND_LINE)));
    String manifest = Files.readString(export.resolve("_manifest.json"));
    // the killed runs' started rows (written by the JVMs given every secret) and the rerun's
    String runs =
        String.join(
            "\n",
            new DeltaWarehouse(spark, warehouse).read(RunsTable.SPEC).toJSON().collectAsList());
    StringBuilder deltaLogs = new StringBuilder();
    try (var files = Files.walk(Path.of(warehouse))) {
      for (Path log :
          files
              .filter(f -> f.toString().endsWith(".json") && f.toString().contains("_delta_log"))
              .toList()) {
        deltaLogs.append(Files.readString(log));
      }
    }
    assertTrue(
        runs.contains(RunsTable.STARTED)
            && runs.contains(RunsTable.SUCCEEDED)
            && manifest.contains("***")
            && deltaLogs.length() > 0,
        manifest);
    for (String secret : List.of(FROM_JVM, FROM_CLI, FROM_ENV)) {
      assertFalse(output.contains(secret), "a killed child's output holds " + secret);
      assertFalse(manifest.contains(secret), "manifest holds " + secret);
      assertFalse(runs.contains(secret), "optout_runs holds " + secret);
      assertFalse(deltaLogs.toString().contains(secret), "a Delta log holds " + secret);
    }
  }
}
