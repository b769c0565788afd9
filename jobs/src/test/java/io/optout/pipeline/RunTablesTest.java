package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.LakeIntake;
import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.schema.tables.UserCohortsTable;
import io.optout.spark.ColumnRanges;
import io.optout.spark.KeptFrames;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The plan of a run's tables: which tables, in which order, replacing which partitions. */
@SparkTest
class RunTablesTest {
  private static final LocalDate FROM = LocalDate.parse("2024-03-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-07");

  private static final List<String> BACKFILL_TABLES =
      List.of(
          ConsentStateTable.NAME,
          FactsTable.NAME,
          DailyTable.NAME,
          PushHistogramTable.NAME,
          LastCampaignTable.NAME,
          UserCohortsTable.NAME,
          CohortsTable.NAME,
          LastEventsTable.NAME,
          CampaignReachTable.NAME,
          BaseTable.NAME,
          PushFatigueTable.NAME,
          SpikesTable.NAME,
          CampaignImpactTable.NAME,
          CausesTable.NAME,
          CauseDailyTable.NAME,
          FrequencyCapTable.NAME,
          RejectsTable.NAME);

  private static Map<TableSpec, Write> plan(
      SparkSession spark, RunWindow window, OptoutConfig config) {
    Map<Lake, LakeIntake> intakes = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      Dataset<Row> empty =
          spark
              .createDataFrame(List.of(), InputSchemas.schema(lake))
              .withColumn(Columns.DT, lit(null).cast("date"));
      intakes.put(lake, LakeIntake.of(lake, empty));
    }
    LakeInputs inputs = LakeInputs.of(intakes, Map.of());
    Dataset<Row> prior = spark.createDataFrame(List.of(), ConsentStateTable.SPEC.schema());
    try (KeptFrames kept = new KeptFrames();
        RunPhases phases = new RunPhases(spark.sparkContext())) {
      SharedFrames frames =
          SharedFrames.keep(
              inputs, prior, Optional.empty(), window, config, RunPlan.OPTIMISED, kept, phases);
      RunTables.Rejects rejects =
          new RunTables.Rejects(
              spark.createDataFrame(List.of(), RejectsTable.SPEC.schema()), lit(true));
      return RunTables.plan(frames, rejects, window, Optional.empty(), window.start(), config);
    } finally {
      intakes.values().forEach(LakeIntake::release);
    }
  }

  private static List<String> names(Map<TableSpec, Write> plan) {
    List<String> names = new ArrayList<>();
    plan.keySet().forEach(t -> names.add(t.name()));
    return names;
  }

  private static RunWindow backfill(OptoutConfig config) {
    return RunWindow.range(FROM, TO, TO, config.timezone());
  }

  @Test
  void aBackfillWritesEveryTableConsentStateFirst(SparkSession spark) {
    OptoutConfig config = ConfigLoader.defaults();
    assertEquals(BACKFILL_TABLES, names(plan(spark, backfill(config), config)));
  }

  @Test
  void eachTableReplacesTheWindowsDatesAndTheConsentStateIsRewrittenWhole(SparkSession spark) {
    OptoutConfig config = ConfigLoader.defaults();
    Map<TableSpec, Write> plan = plan(spark, backfill(config), config);
    assertNull(plan.get(ConsentStateTable.SPEC).scope());
    // the only order between commits: facts after consent state (export --table-version)
    assertEquals(ConsentStateTable.SPEC, plan.get(FactsTable.SPEC).after());
    plan.forEach(
        (table, write) -> {
          if (table != FactsTable.SPEC) {
            assertNull(write.after(), table.name() + " waits for no other table");
          }
        });
    assertEquals(
        ColumnRanges.datesIn(col(Columns.OPT_OUT_DATE), FROM, TO).expr().sql(),
        plan.get(FactsTable.SPEC).scope().expr().sql());
    assertEquals(
        ColumnRanges.datesIn(col(Columns.DAY), FROM, TO).expr().sql(),
        plan.get(PushFatigueTable.SPEC).scope().expr().sql());
    plan.forEach(
        (table, write) ->
            assertTrue(
                List.of(write.rows().columns()).containsAll(List.of(table.schema().fieldNames())),
                table.name() + " rows carry the table's columns"));
  }

  @Test
  void aNightlyRunAlsoKeepsTheConsentCheckpoint(SparkSession spark) {
    OptoutConfig config = ConfigLoader.defaults();
    List<String> expected = new ArrayList<>(BACKFILL_TABLES);
    expected.add(ConsentCheckpointTable.NAME);
    assertEquals(expected, names(plan(spark, RunWindow.nightly(TO, config), config)));
  }

  @Test
  void switchingTheFatigueCurveOffLeavesOnlyItsTableOut(SparkSession spark) {
    OptoutConfig config =
        ConfigLoader.withOverrides(Map.of("optout.push-fatigue.enabled", "false"));
    List<String> expected = new ArrayList<>(BACKFILL_TABLES);
    expected.remove(PushFatigueTable.NAME);
    assertEquals(expected, names(plan(spark, backfill(config), config)));
  }

  @Test
  void switchingTheWhyTablesOffLeavesOnlyTheirFourTablesOut(SparkSession spark) {
    OptoutConfig config = ConfigLoader.withOverrides(Map.of("optout.why.enabled", "false"));
    List<String> expected = new ArrayList<>(BACKFILL_TABLES);
    expected.removeAll(
        List.of(
            CampaignImpactTable.NAME,
            CausesTable.NAME,
            CauseDailyTable.NAME,
            FrequencyCapTable.NAME));
    assertEquals(expected, names(plan(spark, backfill(config), config)));
  }
}
