package io.optout.ops;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.schema.Tables;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.OutputTables;
import io.optout.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class RegistrationTest {
  private static final Registration ON_S3 =
      new Registration("optout", "s3a://lake-bucket/warehouse/", "delta");

  @Test
  void sparkStatementsQuoteNamesAndKeepTheLocation() {
    assertEquals(
        List.of(
            "CREATE DATABASE IF NOT EXISTS `optout`",
            "CREATE TABLE IF NOT EXISTS `optout`.`optout_facts` USING DELTA LOCATION"
                + " 's3a://lake-bucket/warehouse/optout_facts'"),
        ON_S3.sparkStatements(List.of(FactsTable.SPEC)));
  }

  @Test
  void trinoAndAthenaGetS3UrisNotS3a() {
    assertEquals(
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"delta\".\"optout\"",
            "CALL \"delta\".system.register_table(schema_name => 'optout', table_name =>"
                + " 'optout_daily', table_location => 's3://lake-bucket/warehouse/optout_daily')"),
        ON_S3.trinoStatements(List.of(DailyTable.SPEC)));
    assertEquals(
        List.of(
            "CREATE DATABASE IF NOT EXISTS `optout`",
            "CREATE EXTERNAL TABLE IF NOT EXISTS `optout`.`optout_daily` LOCATION"
                + " 's3://lake-bucket/warehouse/optout_daily' TBLPROPERTIES ('table_type' ="
                + " 'DELTA')"),
        ON_S3.athenaStatements(List.of(DailyTable.SPEC)));
    assertTrue(ON_S3.onS3());
  }

  @Test
  void quotesInALocationAreEscapedPerDialect() {
    Registration odd = new Registration("optout", "s3a://bucket/it's\\here", "delta");
    assertEquals(
        "CREATE TABLE IF NOT EXISTS `optout`.`optout_runs` USING DELTA LOCATION"
            + " 's3a://bucket/it\\'s\\\\here/optout_runs'",
        odd.sparkStatements(List.of(RunsTable.SPEC)).get(1));
    assertTrue(
        odd.athenaStatements(List.of(RunsTable.SPEC))
            .get(1)
            .contains("LOCATION 's3://bucket/it''s\\here/optout_runs'"));
  }

  @Test
  void databaseAndCatalogNamesMustBePlainIdentifiers() {
    for (String bad : new String[] {"optout; DROP DATABASE x", "1optout", "", "opt-out", "a`b"}) {
      OptoutException e =
          assertThrows(OptoutException.class, () -> new Registration(bad, "/w", "delta"), bad);
      assertEquals(OptoutException.USAGE, e.exitCode());
    }
    assertThrows(OptoutException.class, () -> new Registration("optout", "/w", "del ta"));
    assertDoesNotThrow(() -> new Registration("_Optout_2", "/w", "delta"));
  }

  @Test
  void relativeLocalWarehouseBecomesAnAbsoluteFileUri() {
    String expected = Path.of("data/warehouse").toAbsolutePath().toUri() + "/optout_facts";
    assertEquals(
        expected, new Registration("optout", "data/warehouse", "delta").location(FactsTable.SPEC));
    assertFalse(new Registration("optout", "data/warehouse", "delta").onS3());
  }

  @Test
  void registersTheWrittenTablesInTheSparkCatalogAndIsRepeatable(
      SparkSession spark, @TempDir Path dir) {
    String warehouse = dir.toString();
    LocalDate day = LocalDate.parse("2024-03-01");
    for (var spec : List.of(FactsTable.SPEC, DailyTable.SPEC)) {
      OutputTables.create(spark, spec, warehouse);
      OutputTables.replace(
          spark, spec, warehouse, OutputTables.sampleRows(spark, spec, 3, day), day, day);
    }
    Registration registration = new Registration("optout_registration_test", warehouse, "delta");
    try {
      assertEquals(
          List.of(FactsTable.SPEC, DailyTable.SPEC), registration.register(spark, Tables.all()));
      assertEquals(
          List.of(FactsTable.SPEC, DailyTable.SPEC),
          registration.register(spark, Tables.all()),
          "again: no error");

      assertEquals(3, spark.table("optout_registration_test.optout_facts").count());
      assertEquals(3, spark.table("optout_registration_test.optout_daily").count());
      assertFalse(
          spark.catalog().tableExists("optout_registration_test", RunsTable.NAME),
          "not written, not registered");
      assertEquals(
          FactsTable.SPEC.comment(),
          spark
              .sql("DESCRIBE TABLE EXTENDED optout_registration_test.optout_facts")
              .filter("col_name = 'Comment'")
              .first()
              .getString(1));
    } finally {
      spark.sql(
          "DROP DATABASE IF EXISTS optout_registration_test CASCADE"); // external tables: data
      // stays
    }
    assertEquals(3, spark.read().format("delta").load(FactsTable.SPEC.location(warehouse)).count());
  }
}
