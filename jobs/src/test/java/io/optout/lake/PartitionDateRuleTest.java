package io.optout.lake;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.testing.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md section 2: an event-lake row whose event_time is not on the UTC date of its dt is
 * rejected.
 */
@SparkTest
class PartitionDateRuleTest {
  private static final String OUTSIDE = "event_time: outside its dt partition";

  private static Dataset<Row> inDt(SparkSession spark, Lake lake, String dt, Object[]... rows) {
    return frame(spark, InputSchemas.schema(lake), rows).withColumn(Columns.DT, lit(date(dt)));
  }

  private static Object[] event(String user, String time) {
    return new Object[] {"a1", user, null, "app_open", time == null ? null : ts(time), null};
  }

  @Test
  void aRowIsKeptExactlyWhenItsUtcDateIsItsDt(SparkSession spark) {
    LakeIntake intake =
        LakeIntake.of(
            Lake.EVENT,
            inDt(
                spark,
                Lake.EVENT,
                "2024-03-01",
                event("first-instant", "2024-03-01T00:00:00Z"),
                event("last-instant", "2024-03-01T23:59:59.999999Z"),
                event("a-microsecond-early", "2024-02-29T23:59:59.999999Z"),
                event("next-day", "2024-03-02T00:00:00Z"),
                event("far-future", "9999-12-31T00:00:00Z"),
                event("no-time", null)));
    assertEquals(Map.of(OUTSIDE, 3L, "event_time: required", 1L), intake.rejectedByRule());
    assertRows(intake.used().select("user_id"), "[first-instant]", "[last-instant]");
    assertRows(
        intake
            .rejected()
            .where(org.apache.spark.sql.functions.col(ContractRules.RULE).equalTo(OUTSIDE))
            .select("user_id"),
        "[a-microsecond-early]",
        "[far-future]",
        "[next-day]");
  }

  @Test
  void consentRowsDatedFarAwayFromTheirFolderAreRejectedAndOldDatesInTheirOwnFolderAreNot(
      SparkSession spark) {
    Object[] future = {
      "a1", "u1", null, null, "push", "opt_out", ts("9999-12-31T00:00:00Z"), null, null
    };
    LakeIntake future9999 =
        LakeIntake.of(Lake.CONSENT, inDt(spark, Lake.CONSENT, "2026-03-28", future));
    assertEquals(Map.of(OUTSIDE, 1L), future9999.rejectedByRule());

    Object[] old = {
      "a1", "u1", null, null, "push", "opt_out", ts("1899-12-31T23:00:00Z"), null, null
    };
    LakeIntake before1900 =
        LakeIntake.of(Lake.CONSENT, inDt(spark, Lake.CONSENT, "1899-12-31", old));
    assertEquals(Map.of(), before1900.rejectedByRule());
    assertEquals(1, before1900.rowsUsed());
  }

  @Test
  void theRuleUsesTheUtcDateWhateverTheSessionTimeZone(SparkSession spark) {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "Asia/Tokyo");
    try {
      // 20:00 UTC is already the next day in Tokyo; dt is the UTC date
      LakeIntake intake =
          LakeIntake.of(
              Lake.EVENT,
              inDt(spark, Lake.EVENT, "2024-03-01", event("u1", "2024-03-01T20:00:00Z")));
      assertEquals(Map.of(), intake.rejectedByRule());
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void theCampaignDimensionHasNoDtAndNoSuchRule(SparkSession spark) {
    Dataset<Row> campaigns =
        frame(
                spark,
                InputSchemas.schema(Lake.CAMPAIGN),
                new Object[] {"a1", "c1", null, null, null, null, ts("2024-03-01T00:00:00Z")})
            .withColumn(Columns.DT, lit(null).cast(DataTypes.DateType));
    LakeIntake intake = LakeIntake.of(Lake.CAMPAIGN, campaigns);
    assertEquals(Map.of(), intake.rejectedByRule());
  }

  @Test
  void aJsonLineSparkCouldNotParseIsRejectedWithItsOwnRule(SparkSession spark) {
    Dataset<Row> json =
        spark
            .createDataFrame(
                java.util.List.of(
                    org.apache.spark.sql.RowFactory.create(
                        "a1", "u1", "app_open", "2024-03-01T10:00:00Z", null),
                    org.apache.spark.sql.RowFactory.create(
                        null, null, null, null, "{\"app_id\": \"a1\", broken")),
                new org.apache.spark.sql.types.StructType()
                    .add("app_id", DataTypes.StringType)
                    .add("user_id", DataTypes.StringType)
                    .add("event_name", DataTypes.StringType)
                    .add("event_time", DataTypes.StringType)
                    .add(Columns.CORRUPT_RECORD, DataTypes.StringType))
            .withColumn(Columns.DT, lit(date("2024-03-01")));
    LakeIntake intake = LakeIntake.of(Lake.EVENT, json);
    assertEquals(Map.of("row: not valid JSON", 1L), intake.rejectedByRule());
    assertTrue(intake.exampleOf("row: not valid JSON").contains("broken"));
    assertRows(intake.used().select("user_id"), "[u1]");
  }
}
