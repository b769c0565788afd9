package io.optout.generate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.config.ConfigLoader;
import io.optout.config.OptoutConfig;
import io.optout.generate.CampaignPlan.BroadcastWave;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunWindow;
import io.optout.schema.Columns;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The effects the generator plants ({@link PlantedEffects}, the irritating broadcasts of {@link
 * CampaignPlanner}) are what the tables of docs/why.md find, over several seeds: at least 9 of 10
 * harmful campaigns flagged, at most 1 false flag among 20 harmless ones, the frequency cap's step
 * within one push of the planted step, and every planted cause present.
 */
@SparkTest
class PlantedEffectsTest {
  private static final long[] SEEDS = {11, 12, 13};
  private static final int USERS = 3_000;
  private static final int DAYS = 45;
  private static final int APPS = 2;
  private static final LocalDate START = LocalDate.parse("2024-03-01");
  private static final int HARMFUL = 10;
  private static final int HARMLESS = 20;

  /** What one seed's run found. */
  private record Found(
      long seed,
      List<String> harmful,
      List<String> harmfulFlagged,
      List<String> harmless,
      List<String> harmlessFlagged,
      Map<String, Integer> stepAt,
      Set<String> causes) {}

  @Test
  void theTablesFindWhatTheGeneratorPlanted(SparkSession spark, @TempDir Path dir) {
    List<Found> found = new ArrayList<>();
    for (long seed : SEEDS) {
      found.add(run(spark, dir.resolve("seed-" + seed), seed));
    }
    List<String> harmful = new ArrayList<>();
    List<String> harmfulFlagged = new ArrayList<>();
    List<String> harmless = new ArrayList<>();
    List<String> harmlessFlagged = new ArrayList<>();
    for (Found f : found) {
      for (String id : f.harmful()) {
        if (harmful.size() < HARMFUL) {
          harmful.add(f.seed() + "/" + id);
          if (f.harmfulFlagged().contains(id)) {
            harmfulFlagged.add(f.seed() + "/" + id);
          }
        }
      }
      for (String id : f.harmless()) {
        if (harmless.size() < HARMLESS) {
          harmless.add(f.seed() + "/" + id);
          if (f.harmlessFlagged().contains(id)) {
            harmlessFlagged.add(f.seed() + "/" + id);
          }
        }
      }
    }
    String report = found.toString();
    System.out.println("planted effects found: " + report);
    assertTrue(harmful.size() == HARMFUL, "10 harmful campaigns planted: " + harmful);
    assertTrue(harmless.size() == HARMLESS, "20 harmless campaigns planted: " + harmless);
    assertTrue(harmfulFlagged.size() >= 9, "flagged " + harmfulFlagged + " of " + harmful);
    assertTrue(harmlessFlagged.size() <= 1, "false flags " + harmlessFlagged);
    for (Found f : found) {
      for (Map.Entry<String, Integer> step : f.stepAt().entrySet()) {
        assertTrue(
            step.getValue() != null && Math.abs(step.getValue() - PlantedEffects.FATIGUE_STEP) <= 1,
            "seed " + f.seed() + " app " + step.getKey() + ": step at " + step.getValue());
      }
      assertTrue(
          f.causes().containsAll(List.of("token_invalid", "cascade", "dormant", "after_push")),
          "seed " + f.seed() + " causes " + f.causes());
    }
  }

  private static Found run(SparkSession spark, Path dir, long seed) {
    GeneratorSettings settings = new GeneratorSettings(USERS, DAYS, START, APPS, seed);
    SampleLakeGenerator.generate(spark, settings, dir.resolve("lake").toString());
    Map<String, String> overrides = new HashMap<>();
    overrides.put("optout.warehouse", dir.resolve("warehouse").toString());
    for (String lake : List.of("consent", "push", "campaign", "event")) {
      overrides.put("optout.lakes." + lake + ".path", dir.resolve("lake").resolve(lake).toString());
    }
    OptoutConfig config = ConfigLoader.withOverrides(overrides);
    LocalDate last = settings.lastDay();
    Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
    new PipelineJob(spark, config, clock)
        .run(RunWindow.range(START, last, last, config.timezone()));
    DeltaWarehouse warehouse = new DeltaWarehouse(spark, config.warehouse());

    Set<String> flagged =
        warehouse
            .read(CampaignImpactTable.SPEC)
            .where(col(Columns.IS_HARMFUL))
            .select(Columns.CAMPAIGN_ID)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toCollection(TreeSet::new));
    // a campaign is in play when the table holds a row of it (it reached keys in the window)
    Set<String> tested =
        warehouse
            .read(CampaignImpactTable.SPEC)
            .select(Columns.CAMPAIGN_ID)
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toCollection(TreeSet::new));
    CampaignPlan plan = CampaignPlanner.plan(settings, SampleApp.of(APPS));
    Set<String> harmful = new TreeSet<>();
    Set<String> harmless = new TreeSet<>();
    for (int app = 0; app < APPS; app++) {
      for (BroadcastWave wave : plan.waves(app)) {
        if (tested.contains(wave.campaignId())) {
          (wave.optOutFactor() > 1 ? harmful : harmless).add(wave.campaignId());
        }
      }
    }
    Map<String, Integer> stepAt = new HashMap<>();
    for (Row row :
        warehouse
            .read(FrequencyCapTable.SPEC)
            .where(col(Columns.DAY).equalTo(java.sql.Date.valueOf(last)))
            .where(col(Columns.CHANNEL).equalTo("push"))
            .collectAsList()) {
      stepAt.put(
          row.getAs(Columns.APP_ID),
          row.getAs(Columns.IS_SIGNIFICANT) == Boolean.TRUE ? row.getAs(Columns.STEP_AT) : null);
    }
    Set<String> causes =
        warehouse
            .read(CauseDailyTable.SPEC)
            .select(Columns.CAUSE)
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toCollection(TreeSet::new));
    return new Found(
        seed,
        List.copyOf(harmful),
        harmful.stream().filter(flagged::contains).toList(),
        List.copyOf(harmless),
        harmless.stream().filter(flagged::contains).toList(),
        stepAt,
        causes);
  }
}
