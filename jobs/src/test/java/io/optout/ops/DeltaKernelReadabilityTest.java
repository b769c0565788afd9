package io.optout.ops;

import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.FactsTable;
import io.optout.testing.KernelTables;
import io.optout.testing.OutputTables;
import io.optout.testing.SparkTest;
import io.optout.testing.TwoAtATime;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output table, written as the pipeline writes it (create from the spec, then replaceWhere
 * overwrites), reads the same with Delta Kernel as with Spark, and keeps its comments. The tables
 * are written once for the class; the tests only read them.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeltaKernelReadabilityTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2024-03-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2024-03-02");

  /**
   * Two nightly runs: day 1 and 2 written, then day 2 recomputed with fewer rows. Tables are
   * independent Delta logs: two at a time, as a run commits them, keeps both cores busy.
   */
  private static void twoRuns(SparkSession spark, String warehouse) {
    TwoAtATime.forEach(Tables.all(), spec -> fourCommits(spark, warehouse, spec));
  }

  private static void fourCommits(SparkSession spark, String warehouse, TableSpec spec) {
    OutputTables.create(spark, spec, warehouse);
    OutputTables.replace(
        spark, spec, warehouse, OutputTables.sampleRows(spark, spec, 3, DAY_1), DAY_1, DAY_1);
    OutputTables.replace(
        spark, spec, warehouse, OutputTables.sampleRows(spark, spec, 3, DAY_2), DAY_2, DAY_2);
    OutputTables.replace(
        spark, spec, warehouse, OutputTables.sampleRows(spark, spec, 2, DAY_2), DAY_2, DAY_2);
  }

  /** A warehouse with every table after {@link #twoRuns}. */
  private String warehouse;

  @BeforeAll
  void everyTableAfterTwoRuns(SparkSession spark, @TempDir Path dir) {
    warehouse = dir.toString();
    twoRuns(spark, warehouse);
  }

  @Test
  void kernelReadsEveryOutputTableLikeSpark(SparkSession spark) {

    assertEquals(
        Tables.all().size(),
        KernelTables.assertKernelReadsWhatSparkReads(spark, warehouse, Tables.all()));
    // the comparison compares something: day 1 kept (3) + day 2 replaced (2); unpartitioned tables
    // hold the last run only
    String facts = FactsTable.SPEC.location(warehouse);
    assertEquals(
        5, KernelTables.kernelRows(spark.sparkContext().hadoopConfiguration(), facts).size());
    String state = ConsentStateTable.SPEC.location(warehouse);
    assertEquals(
        2, KernelTables.kernelRows(spark.sparkContext().hadoopConfiguration(), state).size());
  }

  @Test
  void tableAndColumnCommentsSurviveReplaceWhereOverwrites(SparkSession spark) {

    for (TableSpec spec : Tables.all()) {
      String path = spec.location(warehouse);
      assertEquals(
          spec.comment(),
          DeltaTable.forPath(spark, path).detail().first().getAs("description"),
          spec.name());
      Map<String, String> expected =
          spec.columns().stream()
              .collect(
                  Collectors.toMap(
                      TableSpec.ColumnSpec::name,
                      TableSpec.ColumnSpec::comment,
                      (a, b) -> a,
                      TreeMap::new));
      Map<String, String> sparkComments =
          Arrays.stream(spark.read().format("delta").load(path).schema().fields())
              .collect(
                  Collectors.toMap(
                      StructField::name,
                      f -> f.getComment().getOrElse(() -> null),
                      (a, b) -> a,
                      TreeMap::new));
      assertEquals(expected, sparkComments, spec.name() + " column comments in Spark");
      assertEquals(
          expected,
          KernelTables.kernelColumnComments(spark.sparkContext().hadoopConfiguration(), path),
          spec.name() + " column comments in the Delta log, as Kernel reads them");
    }
  }

  @Test
  void rowsDeletedThroughDeletionVectorsStayDeletedForKernel(
      SparkSession spark, @TempDir Path dir) {
    TableSpec spec = FactsTable.SPEC;
    String path = spec.location(dir.toString());
    OutputTables.create(spark, spec, dir.toString());
    OutputTables.replace(
        spark, spec, dir.toString(), OutputTables.sampleRows(spark, spec, 3, DAY_1), DAY_1, DAY_1);
    spark.sql(
        "ALTER TABLE delta.`"
            + path
            + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    DeltaTable.forPath(spark, path).delete("user_id = 'user_id-1'");

    var kernel = KernelTables.kernelRows(spark.sparkContext().hadoopConfiguration(), path);
    assertEquals(2, kernel.size());
    assertEquals(KernelTables.sparkRows(spark, path), kernel);
  }
}
