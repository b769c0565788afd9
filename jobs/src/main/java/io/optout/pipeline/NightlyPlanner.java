package io.optout.pipeline;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeListing;
import io.optout.lake.LakeReader;
import io.optout.lake.ListedFile;
import io.optout.metrics.CampaignVersions;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.InputFilesTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.warehouse.DeltaWarehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a nightly run recomputes (docs/nightly.md): lists every lake, compares the listing
 * with the one the last successful nightly run kept in optout_input_files, and turns what changed
 * into the earliest date to recompute ({@link AffectedDates}). Without a kept listing, or after a
 * change of settings, it recomputes every date the warehouse holds.
 */
final class NightlyPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyPlanner.class);

  private final SparkSession spark;
  private final OptoutConfig config;
  private final DeltaWarehouse warehouse;

  NightlyPlanner(SparkSession spark, OptoutConfig config, DeltaWarehouse warehouse) {
    this.spark = spark;
    this.config = config;
    this.warehouse = warehouse;
  }

  /** The last successful nightly run's listing, as-of date and settings. */
  record Baseline(List<ListedFile> files, LocalDate asOf, String settingsKey, Instant startedAt) {}

  NightlyWork plan(LocalDate asOf) {
    List<ListedFile> listing = new ArrayList<>();
    for (Lake lake : Lake.values()) {
      listing.addAll(LakeListing.of(spark, lake, config.lake(lake)));
    }
    String settings = settingsKey(config);
    PastRuns runs = PastRuns.of(warehouse);
    Optional<LocalDate> firstDate = runs.firstDate();
    Optional<Baseline> baseline = baseline(runs);
    LocalDate defaultFirst = asOf.minusDays(config.nightlyRecomputeDays());
    Optional<LocalDate> from;
    InputChanges changes;
    if (baseline.isEmpty() || !baseline.get().settingsKey().equals(settings)) {
      // nothing says what the stored dates were computed from: all of them again
      changes = new InputChanges(java.util.Map.of(), false);
      from = Optional.of(firstDate.filter(f -> f.isBefore(defaultFirst)).orElse(defaultFirst));
      LOG.info(
          "nightly {}: {}, recomputing from {}",
          asOf,
          baseline.isEmpty() ? "no listing of a previous nightly run" : "settings changed",
          from.get());
    } else {
      changes = InputChanges.between(baseline.get().files(), listing);
      List<LocalDate> others =
          new ArrayList<>(runs.otherAsOfSince(baseline.get().startedAt(), asOf));
      if (changes.campaigns()) {
        staleCampaignNames().ifPresent(others::add);
      }
      from =
          AffectedDates.of(config)
              .firstDate(
                  changes, asOf, baseline.get().asOf(), others, firstDate, config.timezone());
      LOG.info(
          "nightly {}: changed input {}{}; recomputing {}",
          asOf,
          changes.changedPartitions(),
          changes.campaigns() ? " and the campaign lake" : "",
          from.map(f -> "from " + f).orElse("nothing"));
    }
    RunWindow window =
        from.map(f -> new RunWindow(f, asOf, asOf, config.timezone(), true)).orElse(null);
    String key = workKey(asOf, from, settings, listing);
    return new NightlyWork(asOf, window, listing, settings, changes, key, runs.txnVersionFor(key));
  }

  private Optional<Baseline> baseline(PastRuns runs) {
    if (!warehouse.exists(InputFilesTable.SPEC)) {
      return Optional.empty();
    }
    List<Row> rows = warehouse.read(InputFilesTable.SPEC).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row any = rows.get(0);
    String runId = any.getAs(Columns.RUN_ID);
    List<ListedFile> files =
        rows.stream()
            .filter(r -> r.getAs(Columns.FILE_PATH) != null)
            .map(NightlyPlanner::file)
            .toList();
    return Optional.of(
        new Baseline(
            files,
            ((java.sql.Date) any.getAs(Columns.AS_OF)).toLocalDate(),
            any.getAs(Columns.SETTINGS_KEY),
            runs.startedAt(runId)));
  }

  private static ListedFile file(Row row) {
    java.sql.Date dt = row.getAs(Columns.INPUT_DT);
    Timestamp modified = row.getAs(Columns.FILE_MODIFIED_AT);
    return new ListedFile(
        Lake.valueOf(((String) row.getAs(Columns.LAKE)).toUpperCase(java.util.Locale.ROOT)),
        dt == null ? null : dt.toLocalDate(),
        row.getAs(Columns.FILE_PATH),
        row.<Long>getAs(Columns.FILE_SIZE),
        modified == null ? -1 : modified.getTime());
  }

  private Optional<LocalDate> staleCampaignNames() {
    LakeReader reader = new LakeReader(spark, config.onBadFile());
    Dataset<Row> campaigns =
        LakeIntake.of(
                Lake.CAMPAIGN,
                reader.read(Lake.CAMPAIGN, config.lake(Lake.CAMPAIGN), DtRange.all()))
            .used();
    return CampaignNameDrift.earliest(
        CampaignVersions.latest(campaigns),
        stored(LastCampaignTable.SPEC),
        stored(SpikesTable.SPEC),
        stored(CampaignImpactTable.SPEC));
  }

  private Optional<Dataset<Row>> stored(TableSpec table) {
    return warehouse.exists(table) ? Optional.of(warehouse.read(table)) : Optional.empty();
  }

  /**
   * What the tables are computed with: every setting a number depends on, not the warehouse, the
   * Spark settings or the bad-input policy.
   */
  static String settingsKey(OptoutConfig config) {
    String settings =
        String.join(
            "|",
            config.timezone().getId(),
            new java.util.TreeMap<>(config.lakes()).toString(),
            String.valueOf(config.pushWindowDays()),
            config.receivedEventTypes().toString(),
            String.valueOf(config.histogramCap()),
            String.valueOf(config.attributionWindowDays()),
            config.lookbackDays().toString(),
            String.valueOf(config.spikesBaselineDays()),
            String.valueOf(config.spikesMinExcess()),
            String.valueOf(config.spikesMadFactor()),
            String.valueOf(config.pushFatigueEnabled()),
            config.why().toString());
    return digest(settings);
  }

  private static String workKey(
      LocalDate asOf, Optional<LocalDate> from, String settings, List<ListedFile> listing) {
    StringBuilder text =
        new StringBuilder().append(asOf).append('|').append(from).append('|').append(settings);
    listing.forEach(
        f ->
            text.append('\n')
                .append(f.path())
                .append(' ')
                .append(f.size())
                .append(' ')
                .append(f.modifiedMillis()));
    return digest(text.toString());
  }

  private static String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
