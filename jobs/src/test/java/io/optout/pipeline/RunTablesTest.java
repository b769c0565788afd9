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
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
    Map<Lake, LakeIntake> intakes = emptyIntakes(spark);
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

  private static Map<Lake, LakeIntake> emptyIntakes(SparkSession spark) {
    Map<Lake, LakeIntake> intakes = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      Dataset<Row> empty =
          spark
              .createDataFrame(List.of(), InputSchemas.schema(lake))
              .withColumn(Columns.DT, lit(null).cast("date"));
      intakes.put(lake, LakeIntake.of(lake, empty));
    }
    return intakes;
  }

  /** A delivered push of u1 at {@code time}, in its dt partition. */
  private static Row delivered(String messageId, String time) {
    Instant at = Instant.parse(time);
    return RowFactory.create(
        "a",
        "u1",
        messageId,
        null,
        "delivered",
        Timestamp.from(at),
        "ios",
        java.sql.Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC)));
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
  void theFrequencyCapsLongerPushHistoryReachesNoOtherTable(SparkSession spark) {
    // the push lake is read P - 1 + W = 34 days before the window for the cap's pooled fatigue
    // curve; the other tables read W = A = 7 days back, the partitions a run without the why
    // tables reads: 2024-02-23 on
    OptoutConfig config = ConfigLoader.defaults();
    StructType pushSchema =
        InputSchemas.schema(Lake.PUSH).add(Columns.DT, DataTypes.DateType, true);
    Dataset<Row> push =
        spark.createDataFrame(
            List.of(
                delivered("first-kept", "2024-02-23T00:00:00Z"),
                delivered("older", "2024-02-22T23:59:59Z"),
                delivered("in-window", "2024-03-02T10:00:00Z")),
            pushSchema);
    Map<Lake, LakeIntake> intakes = emptyIntakes(spark);
    intakes.put(Lake.PUSH, LakeIntake.of(Lake.PUSH, push));
    Dataset<Row> prior = spark.createDataFrame(List.of(), ConsentStateTable.SPEC.schema());
    try (KeptFrames kept = new KeptFrames();
        RunPhases phases = new RunPhases(spark.sparkContext())) {
      SharedFrames frames =
          SharedFrames.keep(
              LakeInputs.of(intakes, Map.of()),
              prior,
              Optional.empty(),
              backfill(config),
              config,
              RunPlan.OPTIMISED,
              kept,
              phases);
      List<String> read = new ArrayList<>();
      frames
          .push()
          .orderBy(Columns.EVENT_TIME)
          .collectAsList()
          .forEach(r -> read.add(r.getAs(Columns.MESSAGE_ID)));
      assertEquals(List.of("first-kept", "in-window"), read);
    } finally {
      intakes.values().forEach(LakeIntake::release);
    }
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
