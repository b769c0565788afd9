package io.optout.generate;

import static io.optout.testing.DataFrames.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.config.Lake;
import io.optout.generate.SampleLakeGenerator.LakeCounts;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class SampleLakeGeneratorTest {
  /**
   * Small but big enough that every edge kind, broken rows included, shows up in every event lake.
   */
  private static final GeneratorSettings SETTINGS =
      new GeneratorSettings(2000, 28, LocalDate.parse("2024-03-01"), 2, 7L);

  @TempDir static Path tmp;
  private static String root;
  private static LakeCounts counts;

  @BeforeAll
  static void generate(SparkSession spark) {
    root = tmp.resolve("lake").toString();
    counts = SampleLakeGenerator.generate(spark, SETTINGS, root);
  }

  private static Dataset<Row> written(SparkSession spark, Lake lake) {
    return spark.read().parquet(root + "/" + lake.key());
  }

  private static Dataset<Row> contractColumns(Dataset<Row> rows, Lake lake) {
    return rows.select(
        InputSchemas.columns(lake).stream().map(c -> col(c.name())).toArray(Column[]::new));
  }

  @Test
  void writesTheFourLakesWhereTheDefaultConfigurationReadsThem() {
    for (Lake lake : Lake.values()) {
      assertTrue(Files.isDirectory(tmp.resolve("lake").resolve(lake.key())), lake.key());
      assertTrue(counts.of(lake) > 0, lake.key());
    }
    assertTrue(counts.event() > counts.consent(), "app activity outnumbers consent changes");
  }

  @Test
  void schemaOfEveryLakeIsTheContract(SparkSession spark) {
    for (Lake lake : Lake.values()) {
      StructType actual = written(spark, lake).schema();
      StructType contract =
          new StructType(
              java.util.Arrays.stream(actual.fields())
                  .filter(f -> !f.name().equals(Columns.DT))
                  .toArray(org.apache.spark.sql.types.StructField[]::new));
      assertEquals(InputSchemas.schema(lake), contract, lake.key());
      assertEquals(
          lake.partitionedByDt(),
          java.util.Arrays.asList(actual.fieldNames()).contains(Columns.DT),
          lake.key());
    }
  }

  @Test
  void writtenRowsAreTheGeneratedRows(SparkSession spark) {
    for (Lake lake : Lake.values()) {
      assertSameRows(
          contractColumns(SampleLakeGenerator.rows(spark, SETTINGS, lake), lake),
          contractColumns(written(spark, lake), lake));
    }
  }

  @Test
  void sameSeedGivesTheSameRowsAndAnotherSeedOtherRows(SparkSession spark) {
    GeneratorSettings small =
        new GeneratorSettings(300, 10, SETTINGS.start(), SETTINGS.apps(), SETTINGS.seed());
    GeneratorSettings otherSeed =
        new GeneratorSettings(small.users(), small.days(), small.start(), small.apps(), 8L);
    for (Lake lake : Lake.values()) {
      Dataset<Row> first = SampleLakeGenerator.rows(spark, small, lake);
      assertSameRows(first, SampleLakeGenerator.rows(spark, small, lake));
      Dataset<Row> other = SampleLakeGenerator.rows(spark, otherSeed, lake);
      assertTrue(other.exceptAll(first).count() > 0, lake.key());
      assertTrue(first.exceptAll(other).count() > 0, lake.key());
    }
  }

  @Test
  void everyRowSitsInThePartitionOfTheUtcDateOfItsEventTime(SparkSession spark) {
    for (Lake lake : new Lake[] {Lake.CONSENT, Lake.PUSH, Lake.EVENT}) {
      Dataset<Row> rows = written(spark, lake);
      Column dt = col(Columns.DT).cast("string");
      Column utcDate = date_format(col(Columns.EVENT_TIME), "yyyy-MM-dd");
      long misplaced =
          rows.where(col(Columns.EVENT_TIME).isNotNull().and(dt.notEqual(utcDate))).count();
      assertEquals(0, misplaced, lake.key());
      // A row whose event_time is missing still sits in a real dt partition, where the pipeline
      // rejects it.
      assertEquals(0, rows.where(col(Columns.DT).isNull()).count(), lake.key());
    }
    assertEquals(SETTINGS.days(), written(spark, Lake.EVENT).select(Columns.DT).distinct().count());
  }

  @Test
  void noRowIsAfterTheWindowAndActivityStartsAtStart(SparkSession spark) {
    for (Lake lake : new Lake[] {Lake.CONSENT, Lake.PUSH, Lake.EVENT}) {
      Row range =
          written(spark, lake)
              .selectExpr("cast(min(dt) as string)", "cast(max(dt) as string)")
              .first();
      assertEquals(SETTINGS.lastDay().toString(), range.getString(1), lake.key());
      if (lake != Lake.CONSENT) {
        assertEquals(SETTINGS.start().toString(), range.getString(0), lake.key());
      }
    }
    // Users who existed before the window signed up (first opt-in) in the month before it.
    Row consentStart = written(spark, Lake.CONSENT).selectExpr("cast(min(dt) as string)").first();
    assertTrue(consentStart.getString(0).compareTo(SETTINGS.start().toString()) < 0);
  }

  @Test
  void contractBreakingRowsArePresentButFarUnderTheRejectLimit(SparkSession spark) {
    for (Lake lake : Lake.values()) {
      Dataset<Row> rows = written(spark, lake);
      double share = (double) ContractCheck.brokenRows(rows, lake) / rows.count();
      assertTrue(share < 0.005, lake.key() + " broken share " + share);
      if (lake.partitionedByDt()) {
        assertTrue(share > 0, lake.key() + " has no broken rows");
      }
    }
  }

  @Test
  void everyEventLakeHasExactDuplicates(SparkSession spark) {
    for (Lake lake : new Lake[] {Lake.CONSENT, Lake.PUSH, Lake.EVENT}) {
      Dataset<Row> rows = written(spark, lake);
      assertTrue(rows.count() > rows.distinct().count(), lake.key());
    }
  }

  @Test
  void enumValuesComeInMixedCaseWithSpaces(SparkSession spark) {
    Dataset<Row> consent = written(spark, Lake.CONSENT);
    assertTrue(
        consent.where(col(Columns.STATUS).notEqual(lower(trim(col(Columns.STATUS))))).count() > 0);
    assertTrue(
        consent.where(col(Columns.CHANNEL).notEqual(lower(trim(col(Columns.CHANNEL))))).count()
            > 0);
    assertTrue(
        consent.where(col(Columns.STATUS).notEqual(trim(col(Columns.STATUS)))).count() > 0,
        "padded with spaces");
    Dataset<Row> push = written(spark, Lake.PUSH);
    assertTrue(
        push.where(col(Columns.EVENT_TYPE).notEqual(lower(trim(col(Columns.EVENT_TYPE))))).count()
            > 0);
  }

  /** Consent rows with the previous status of the same (app, user, channel), clean rows only. */
  private static Dataset<Row> consentWithPrevious(SparkSession spark) {
    WindowSpec history =
        Window.partitionBy(col(Columns.APP_ID), col(Columns.USER_ID), col("ch"))
            .orderBy(col(Columns.EVENT_TIME));
    return written(spark, Lake.CONSENT)
        .where(ContractCheck.broken(Lake.CONSENT).unary_$bang())
        .distinct()
        .withColumn("ch", lower(trim(col(Columns.CHANNEL))))
        .withColumn("st", lower(trim(col(Columns.STATUS))))
        .withColumn("prev", lag(col("st"), 1).over(history))
        .withColumn("prev2", lag(col("st"), 2).over(history));
  }

  @Test
  void consentHistoriesHaveRepeatsReOptInsAndOptOutsWithoutPriorRow(SparkSession spark) {
    Dataset<Row> consent = consentWithPrevious(spark);
    assertTrue(
        consent.where("st = 'opt_out' and prev = 'opt_out'").count() > 0,
        "repeated opt_out while opted out");
    assertTrue(consent.where("st = 'opt_in' and prev = 'opt_out'").count() > 0, "re-opt-in");
    assertTrue(
        consent.where("st = 'opt_out' and prev = 'opt_in' and prev2 = 'opt_out'").count() > 0,
        "opt-out again after a re-opt-in");
    assertTrue(
        consent.where("st = 'opt_out' and prev is null").count() > 0, "opt-out with no prior row");
    long users = consent.select(Columns.USER_ID).distinct().count();
    long withInitialOptIn =
        consent.where("prev is null and st = 'opt_in'").select(Columns.USER_ID).distinct().count();
    assertTrue(withInitialOptIn > 0.7 * users, "most users opt in when they sign up");
    for (String channel : new String[] {"push", "email", "sms"}) {
      assertTrue(
          consent.where(col("ch").equalTo(channel).and(col("st").equalTo("opt_out"))).count() > 0,
          channel);
    }
  }

  @Test
  void idsArePresentOnSomeConsentRowsOnly(SparkSession spark) {
    Dataset<Row> consent = written(spark, Lake.CONSENT);
    for (String id : new String[] {Columns.EXTERNAL_ID, Columns.DEVICE_ID}) {
      assertTrue(consent.where(col(id).isNull()).count() > 0, id);
      assertTrue(consent.where(col(id).isNotNull()).count() > 0, id);
    }
  }

  @Test
  void eventIdsAreSometimesMissingAndSometimesRepeated(SparkSession spark) {
    Dataset<Row> events = written(spark, Lake.EVENT).distinct();
    assertTrue(events.where(col(Columns.EVENT_ID).isNull()).count() > 0, "null event_id");
    long repeatedIds =
        events
            .where(col(Columns.EVENT_ID).isNotNull())
            .groupBy(Columns.APP_ID, Columns.EVENT_ID)
            .agg(count("*").as("n"))
            .where("n > 1")
            .count();
    assertTrue(repeatedIds > 0, "the same event_id on different rows");
  }

  @Test
  void pushesFollowTheLifecycleAndTransactionalOnesHaveNoCampaign(SparkSession spark) {
    Dataset<Row> push =
        written(spark, Lake.PUSH).withColumn("type", lower(trim(col(Columns.EVENT_TYPE))));
    for (String type :
        new String[] {"sent", "delivered", "opened", "clicked", "dismissed", "failed"}) {
      assertTrue(push.where(col("type").equalTo(type)).count() > 0, type);
    }
    long sent = push.where("type = 'sent'").count();
    assertTrue(push.where("type = 'delivered'").count() < sent, "some pushes are never delivered");
    assertTrue(push.where(col(Columns.CAMPAIGN_ID).isNull()).count() > 0, "transactional pushes");
    Dataset<Row> campaignIds = written(spark, Lake.CAMPAIGN).select(Columns.CAMPAIGN_ID).distinct();
    assertEquals(
        0,
        push.where(col(Columns.CAMPAIGN_ID).isNotNull())
            .select(Columns.CAMPAIGN_ID)
            .distinct()
            .except(campaignIds)
            .count(),
        "every campaign id of the push lake is in the dimension");
  }

  @Test
  void someCampaignsHaveSeveralVersions(SparkSession spark) {
    Dataset<Row> campaigns = written(spark, Lake.CAMPAIGN);
    long campaignCount = campaigns.select(Columns.APP_ID, Columns.CAMPAIGN_ID).distinct().count();
    assertTrue(campaigns.count() > campaignCount, "versions");
    assertEquals(
        campaigns.count(),
        campaigns
            .select(Columns.APP_ID, Columns.CAMPAIGN_ID, Columns.UPDATED_AT)
            .distinct()
            .count(),
        "each version has its own updated_at");
    Dataset<Row> types = campaigns.select(lower(trim(col(Columns.TYPE))).as("t")).distinct();
    assertEquals(3, types.where(col("t").isin("broadcast", "automated", "transactional")).count());
  }

  @Test
  void appActivityHasAWeeklyRhythm(SparkSession spark) {
    Dataset<Row> perDay =
        written(spark, Lake.EVENT)
            .where(col(Columns.APP_ID).isNotNull())
            .groupBy(col(Columns.APP_ID), col(Columns.DT))
            .count()
            .withColumn("weekend", date_format(col(Columns.DT), "E").isin("Sat", "Sun"));
    Dataset<Row> ratio =
        perDay
            .groupBy(Columns.APP_ID)
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .expr("avg(if(weekend, count, null)) / avg(if(weekend, null, count))")
                    .as("ratio"));
    // The first app is a consumer app (busier on weekends), the second a work app (quieter).
    assertTrue(ratio.where("app_id = 'shopnow' and ratio > 1.2").count() == 1, "shopnow weekends");
    assertTrue(
        ratio.where("app_id = 'worknote' and ratio < 0.7").count() == 1, "worknote weekends");
  }
}
