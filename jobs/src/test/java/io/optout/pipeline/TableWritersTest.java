package io.optout.pipeline;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.WarehouseTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class TableWritersTest {
  private static final long SLOW_MILLIS = 3_000;

  /** One consent-state row whose computation takes {@link #SLOW_MILLIS}. */
  private static Dataset<Row> slowConsentState(SparkSession spark) {
    spark
        .udf()
        .register(
            "optout_test_slow",
            (UDF1<Long, Boolean>)
                id -> {
                  Thread.sleep(SLOW_MILLIS);
                  return true;
                },
            DataTypes.BooleanType);
    Dataset<Row> row =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "a",
                    "u",
                    "push",
                    "opt_out",
                    java.sql.Timestamp.valueOf("2024-03-01 00:00:00"),
                    null,
                    null)),
            ConsentStateTable.SPEC.schema());
    return row.where(callUDF("optout_test_slow", lit(1L)));
  }

  private static long committedAt(Path table) throws IOException {
    try (var commits = Files.list(table.resolve("_delta_log"))) {
      return commits
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .mapToLong(p -> p.toFile().lastModified())
          .max()
          .orElseThrow();
    }
  }

  @Test
  void factsCommitAfterTheConsentStateAndTheOtherTablesDoNotWaitForIt(
      SparkSession spark, @TempDir Path warehouse) throws IOException {
    DeltaWarehouse tables = new DeltaWarehouse(spark, warehouse.toString());
    Map<TableSpec, Write> plan = new LinkedHashMap<>();
    plan.put(ConsentStateTable.SPEC, new Write(slowConsentState(spark), null));
    plan.put(
        FactsTable.SPEC,
        new Write(
            spark.createDataFrame(List.of(), FactsTable.SPEC.schema()),
            col(Columns.OPT_OUT_DATE).isNotNull(),
            ConsentStateTable.SPEC));
    plan.put(
        DailyTable.SPEC,
        new Write(
            spark.createDataFrame(List.of(), DailyTable.SPEC.schema()),
            col(Columns.DAY).isNotNull()));
    try (RunPhases phases = new RunPhases(spark.sparkContext())) {
      new TableWriters(3).commit(plan, new WarehouseTransaction(tables), phases);
    }
    long consent = committedAt(warehouse.resolve(ConsentStateTable.NAME));
    long facts = committedAt(warehouse.resolve(FactsTable.NAME));
    long daily = committedAt(warehouse.resolve(DailyTable.NAME));
    assertTrue(facts >= consent, "facts committed after the consent state");
    assertTrue(daily < consent, "daily did not wait for the slow consent state");
  }

  @Test
  void noWriteStartsAfterOneFailed(SparkSession spark, @TempDir Path warehouse) throws IOException {
    DeltaWarehouse tables = new DeltaWarehouse(spark, warehouse.toString());
    // a plain file where optout_daily's folder belongs: its write fails
    Files.writeString(warehouse.resolve(DailyTable.NAME), "not a table");
    Map<TableSpec, Write> plan = new LinkedHashMap<>();
    plan.put(
        DailyTable.SPEC,
        new Write(
            spark.createDataFrame(List.of(), DailyTable.SPEC.schema()),
            col(Columns.DAY).isNotNull()));
    plan.put(
        FactsTable.SPEC,
        new Write(
            spark.createDataFrame(List.of(), FactsTable.SPEC.schema()),
            col(Columns.OPT_OUT_DATE).isNotNull()));
    plan.put(ConsentStateTable.SPEC, new Write(slowConsentState(spark), null));
    try (RunPhases phases = new RunPhases(spark.sparkContext())) {
      WarehouseTransaction tx = new WarehouseTransaction(tables);
      assertThrows(RuntimeException.class, () -> new TableWriters(1).commit(plan, tx, phases));
    }
    assertFalse(Files.exists(warehouse.resolve(FactsTable.NAME)), "facts never written");
    assertFalse(
        Files.exists(warehouse.resolve(ConsentStateTable.NAME)), "consent state never written");
  }
}
