package io.optout.ops;

import static io.optout.testing.DataFrames.assertSameRows;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.cli.Main;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.FactsTable;
import io.optout.testing.KernelTables;
import io.optout.testing.LocalS3;
import io.optout.testing.S3Server;
import io.optout.testing.SparkTest;
import io.optout.testing.WarehouseComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on S3: generate a lake into a bucket of a real S3 server on loopback, run,
 * export; then the same commands on local disk. Every output table and the export file must be the
 * same, and Delta Kernel must read the S3 tables as Spark does.
 */
@SparkTest
@ExtendWith(LocalS3.class)
class S3EndToEndTest {
  private static final String FROM = "2024-03-01";
  private static final String TO = "2024-03-10";
  private static final String AS_OF = "2024-03-10";

  /** Where one run reads and writes: a lake, a warehouse and an export, under one root. */
  private record Layout(String root) {
    String lake(String name) {
      return root + "/lake/" + name;
    }

    String warehouse() {
      return root + "/warehouse";
    }

    String export() {
      return root + "/exports/opted-out.csv";
    }

    String[] overrides() {
      return new String[] {
        "-Doptout.warehouse=" + warehouse(),
        "-Doptout.lakes.consent.path=" + lake("consent"),
        "-Doptout.lakes.push.path=" + lake("push"),
        "-Doptout.lakes.campaign.path=" + lake("campaign"),
        "-Doptout.lakes.event.path=" + lake("event"),
      };
    }
  }

  /** Every output table except those an ad-hoc {@code run --from --to} does not write. */
  private static List<TableSpec> expectedTables() {
    return Tables.all().stream()
        .filter(t -> !NOT_WRITTEN_BY_AD_HOC_RUN.contains(t.name()))
        .toList();
  }

  /** The consent checkpoint is written by nightly runs only (README, "How a run works"). */
  private static final Set<String> NOT_WRITTEN_BY_AD_HOC_RUN = Set.of(ConsentCheckpointTable.NAME);

  private static List<TableSpec> written(SparkSession spark, Layout layout) {
    return Tables.all().stream()
        .filter(t -> io.delta.tables.DeltaTable.isDeltaTable(spark, t.location(layout.warehouse())))
        .toList();
  }

  private static List<String> names(List<TableSpec> tables) {
    return tables.stream().map(TableSpec::name).toList();
  }

  private static String[] command(Layout layout, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(Arrays.asList(layout.overrides()));
    return all.toArray(String[]::new);
  }

  private static void pipeline(Layout layout) {
    assertEquals(
        0,
        Main.execute(
            command(
                layout,
                "generate",
                "--users",
                "60",
                "--days",
                "10",
                "--start",
                FROM,
                "--seed",
                "42",
                "--out",
                layout.root() + "/lake")),
        "generate into " + layout.root());
    assertEquals(
        0,
        Main.execute(command(layout, "run", "--from", FROM, "--to", TO, "--as-of", AS_OF)),
        "run on " + layout.root());
    assertEquals(
        0,
        Main.execute(
            command(
                layout,
                "export",
                "--from",
                FROM,
                "--to",
                TO,
                "--as-of",
                AS_OF,
                "--out",
                layout.export(),
                "--format",
                "csv")),
        "export from " + layout.root());
  }

  @Test
  void pipelineOnS3MatchesTheSameRunOnLocalDisk(
      SparkSession spark, S3Server s3, @TempDir Path dir) {
    LocalS3.configure(spark, s3);
    Layout onS3 = new Layout(s3.bucket("optout-e2e"));
    Layout local =
        new Layout(
            dir.toString()); // plain path: Delta sees file:///x and file:/x as different tables

    pipeline(onS3);
    pipeline(local);

    assertFalse(
        s3.keys("optout-e2e", "lake/consent/").isEmpty(), "the lake was generated into the bucket");
    assertFalse(
        s3.keys("optout-e2e", "warehouse/" + FactsTable.NAME + "/_delta_log/").isEmpty(),
        "tables written to the bucket");
    assertEquals(
        names(expectedTables()), names(written(spark, onS3)), "tables the run wrote to S3");
    assertEquals(
        names(expectedTables()),
        names(written(spark, local)),
        "tables the run wrote to local disk");
    for (TableSpec table : expectedTables()) {
      assertSameRows(
          WarehouseComparison.comparable(
              spark, table, local.warehouse(), WarehouseComparison.RUN_SPECIFIC),
          WarehouseComparison.comparable(
              spark, table, onS3.warehouse(), WarehouseComparison.RUN_SPECIFIC));
    }
    var localExport = WarehouseComparison.files(spark, local.export());
    assertFalse(localExport.isEmpty(), "no export file under " + local.export());
    assertEquals(localExport, WarehouseComparison.files(spark, onS3.export()), "export CSV bytes");
    KernelTables.assertSomeChecked(
        KernelTables.assertKernelReadsWhatSparkReads(spark, onS3.warehouse(), Tables.all()));
  }
}
