package io.optout.ops;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.cli.Main;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.FactsTable;
import io.optout.testing.KernelTables;
import io.optout.testing.LocalS3;
import io.optout.testing.S3Server;
import io.optout.testing.SampleNight;
import io.optout.testing.SparkTest;
import io.optout.testing.WarehouseComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on S3: generate a lake into a bucket of a real S3 server on loopback, run,
 * export. The same commands on local disk are the shared {@link SampleNight} (and its export,
 * here): every output table and the export file must be the same, and Delta Kernel must read the S3
 * tables as Spark does.
 */
@SparkTest
@ExtendWith({LocalS3.class, SampleNight.Resolver.class})
class S3EndToEndTest {
  /** The bucket's lake, warehouse and export. */
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

    String[] command(String... args) {
      List<String> all = new ArrayList<>(Arrays.asList(args));
      all.add("-Doptout.warehouse=" + warehouse());
      for (String lake : SampleNight.LAKES) {
        all.add("-Doptout.lakes." + lake + ".path=" + lake(lake));
      }
      return all.toArray(String[]::new);
    }
  }

  /** The export of the sample night's opt-outs, into {@code out}. */
  private static String[] export(String out) {
    return new String[] {
      "export",
      "--from",
      SampleNight.START,
      "--to",
      SampleNight.NIGHT,
      "--as-of",
      SampleNight.NIGHT,
      "--out",
      out,
      "--format",
      "csv"
    };
  }

  private static List<String> written(SparkSession spark, String warehouse) {
    return Tables.all().stream()
        .filter(t -> io.delta.tables.DeltaTable.isDeltaTable(spark, t.location(warehouse)))
        .map(TableSpec::name)
        .toList();
  }

  @Test
  void pipelineOnS3MatchesTheSameRunOnLocalDisk(
      SparkSession spark, S3Server s3, SampleNight local, @TempDir Path dir) {
    LocalS3.configure(spark, s3);
    Layout onS3 = new Layout(s3.bucket("optout-e2e"));
    assertEquals(
        0,
        Main.execute(
            onS3.command(
                "generate",
                "--users",
                Integer.toString(SampleNight.USERS),
                "--days",
                Integer.toString(SampleNight.DAYS),
                "--start",
                SampleNight.START,
                "--seed",
                Integer.toString(SampleNight.SEED),
                "--out",
                onS3.root() + "/lake")),
        "generate into the bucket");
    assertEquals(0, Main.execute(onS3.command("run", "--date", SampleNight.NIGHT)), "run on S3");
    assertEquals(0, Main.execute(onS3.command(export(onS3.export()))), "export from S3");
    String localExport = dir.resolve("opted-out.csv").toString();
    assertEquals(
        0,
        Main.execute(local.command(local.warehouse(), export(localExport))),
        "export from local disk");

    assertFalse(
        s3.keys("optout-e2e", "lake/consent/").isEmpty(), "the lake was generated into the bucket");
    assertFalse(
        s3.keys("optout-e2e", "warehouse/" + FactsTable.NAME + "/_delta_log/").isEmpty(),
        "tables written to the bucket");
    List<String> every = Tables.all().stream().map(TableSpec::name).toList();
    assertEquals(every, written(spark, onS3.warehouse()), "a nightly run writes every table to S3");
    assertEquals(
        Tables.all().size(),
        WarehouseComparison.assertSameTables(spark, local.warehouse(), onS3.warehouse()).size(),
        "every table the same on local disk and S3");
    var localFiles = WarehouseComparison.files(spark, localExport);
    assertFalse(localFiles.isEmpty(), "no export file under " + localExport);
    assertEquals(localFiles, WarehouseComparison.files(spark, onS3.export()), "export CSV bytes");
    KernelTables.assertSomeChecked(
        KernelTables.assertKernelReadsWhatSparkReads(spark, onS3.warehouse(), Tables.all()));
  }
}
