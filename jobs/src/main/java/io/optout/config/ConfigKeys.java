package io.optout.config;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configuration key, declared once with its type, default, allowed values and meaning (the
 * model is Trino's {@code DeltaLakeConfig}). {@link ConfigLoader} builds the defaults and validates
 * from here; tests check that docs/configuration.md (generated from here) and {@code
 * conf/application.conf} agree. A new key is declared here, added to {@link #all()} and to {@link
 * OptoutConfig}, then docs/configuration.md is regenerated (the command is at its top).
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** Push event types of docs/metrics.md section 2. */
  public static final Set<String> PUSH_EVENT_TYPES =
      Set.of("sent", "delivered", "opened", "clicked", "dismissed", "failed");

  public static final ConfigKey<ZoneId> TIMEZONE =
      ConfigKey.timeZone(
              "optout.timezone",
              "UTC",
              "Reporting time zone: the \"date\" of an event is its local calendar date in this"
                  + " zone.")
          .env("OPTOUT_TIMEZONE");

  public static final ConfigKey<String> WAREHOUSE =
      ConfigKey.text(
              "optout.warehouse",
              "data/warehouse",
              "Where the Delta tables are written (folder or s3a:// URI).")
          .env("OPTOUT_WAREHOUSE");

  /** {@code optout.lakes.<lake>.path}, one per lake. */
  public static final Map<Lake, ConfigKey<String>> LAKE_PATH = lakePaths();

  /** {@code optout.lakes.<lake>.format}, one per lake. */
  public static final Map<Lake, ConfigKey<LakeFormat>> LAKE_FORMAT = lakeFormats();

  public static final ConfigKey<Double> MAX_REJECT_RATIO =
      ConfigKey.number(
          "optout.max-reject-ratio",
          0.01,
          0,
          1,
          "A lake whose share of rejected rows exceeds this fails the run before any table is"
              + " written.");

  public static final ConfigKey<BadFilePolicy> ON_BAD_FILE =
      ConfigKey.oneOf(
          "optout.on-bad-file",
          BadFilePolicy.class,
          BadFilePolicy.FAIL,
          "An input file that cannot be read: fail the run, or skip the file and report it.");

  public static final ConfigKey<Integer> LATE_ARRIVAL_DAYS =
      ConfigKey.integer(
          "optout.late-arrival-days",
          3,
          0,
          366,
          "The first nightly run on a new warehouse recomputes [D - (max lookback + this), D];"
              + " later nightly runs recompute what changed input reaches, however late"
              + " (docs/nightly.md).");

  public static final ConfigKey<Integer> PUSH_WINDOW_DAYS =
      ConfigKey.integer(
          "optout.push.window-days",
          7,
          1,
          366,
          "Push pressure window W: pushes received in the W days before an opt-out.");

  public static final ConfigKey<List<String>> RECEIVED_EVENT_TYPES =
      ConfigKey.subsetOf(
          "optout.push.received-event-types",
          List.of("delivered"),
          PUSH_EVENT_TYPES,
          "Push event types that count as \"received\".");

  public static final ConfigKey<Integer> HISTOGRAM_CAP =
      ConfigKey.integer(
          "optout.push.histogram-cap",
          10,
          1,
          100_000,
          "Push histogram buckets 0 .. cap-1 and cap+.");

  public static final ConfigKey<Integer> ATTRIBUTION_WINDOW_DAYS =
      ConfigKey.integer(
          "optout.attribution.window-days",
          7,
          1,
          366,
          "Last-campaign window A: campaigns of the A days before an opt-out.");

  public static final ConfigKey<List<Integer>> LOOKBACK_DAYS =
      ConfigKey.distinctInts(
          "optout.cohort.lookback-days",
          List.of(1, 3, 7, 14, 30),
          1,
          366,
          "Lookbacks x in days of the retain/churn cohorts and the last events.");

  public static final ConfigKey<Integer> SPIKES_BASELINE_DAYS =
      ConfigKey.integer(
          "optout.spikes.baseline-days",
          28,
          1,
          365,
          "Days before a day that form its baseline when looking for opt-out spikes.");

  public static final ConfigKey<Double> SPIKES_MIN_EXCESS =
      ConfigKey.number(
          "optout.spikes.min-excess",
          5,
          0,
          Double.POSITIVE_INFINITY,
          "A spike has at least this many opt-outs above the baseline median.");

  public static final ConfigKey<Double> SPIKES_MAD_FACTOR =
      ConfigKey.number(
          "optout.spikes.mad-factor",
          3,
          0,
          Double.POSITIVE_INFINITY,
          "A spike exceeds the baseline median by more than this many median absolute deviations.");

  public static final ConfigKey<Boolean> PUSH_FATIGUE_ENABLED =
      ConfigKey.flag(
          "optout.push-fatigue.enabled",
          true,
          "Write optout_push_fatigue; its cost grows with opted-in keys times days"
              + " (docs/insights.md), false leaves the table as it is.");

  public static final ConfigKey<Boolean> WHY_ENABLED =
      ConfigKey.flag(
          "optout.why.enabled",
          true,
          "Write optout_campaign_impact, optout_causes, optout_cause_daily and"
              + " optout_frequency_cap (docs/why.md); false leaves them as they are.");

  public static final ConfigKey<Integer> IMPACT_HORIZON_DAYS =
      ConfigKey.integer(
          "optout.impact.horizon-days",
          2,
          1,
          30,
          "Campaign impact horizon H: an exposed key counts as an opt-out when it opts out within"
              + " H days of the campaign's push.");

  public static final ConfigKey<Double> IMPACT_FDR =
      ConfigKey.number(
          "optout.impact.fdr",
          0.05,
          0,
          1,
          "False discovery rate q of the Benjamini-Hochberg flag is_harmful, per app and day.");

  public static final ConfigKey<Integer> IMPACT_MIN_RECIPIENTS =
      ConfigKey.integer(
          "optout.impact.min-recipients",
          30,
          1,
          1_000_000_000,
          "A campaign is tested only when it and the day's other campaigns each reached at least"
              + " this many keys.");

  public static final ConfigKey<Integer> CAUSES_FAILURE_DAYS =
      ConfigKey.integer(
          "optout.causes.failure-days",
          3,
          1,
          30,
          "Cause token_invalid: the latest push events of the F days before a push opt-out"
              + " include a failure.");

  public static final ConfigKey<Integer> CAUSES_CASCADE_DAYS =
      ConfigKey.integer(
          "optout.causes.cascade-days",
          7,
          1,
          28,
          "Cause cascade: the user opted out of another channel in the C days before.");

  public static final ConfigKey<Integer> CAUSES_DORMANT_DAYS =
      ConfigKey.integer(
          "optout.causes.dormant-days",
          30,
          1,
          366,
          "Cause dormant: no app event in the Z days before the opt-out.");

  public static final ConfigKey<Integer> CAUSES_REACTION_MINUTES =
      ConfigKey.integer(
          "optout.causes.reaction-minutes",
          60,
          1,
          1440,
          "Cause after_push: a received push in the R minutes before the opt-out.");

  public static final ConfigKey<Integer> CAP_PERIOD_DAYS =
      ConfigKey.integer(
          "optout.cap.period-days",
          28,
          1,
          365,
          "Frequency cap: days of the fatigue curve pooled for each day's step.");

  public static final ConfigKey<Integer> CAP_MIN_USERS =
      ConfigKey.integer(
          "optout.cap.min-users",
          100,
          1,
          1_000_000_000,
          "Frequency cap: a candidate step needs at least this many users at risk on each side.");

  public static final ConfigKey<Double> CAP_ALPHA =
      ConfigKey.number(
          "optout.cap.alpha",
          0.01,
          0,
          1,
          "Frequency cap: the step is significant, and a cap recommended, at this p-value or"
              + " below.");

  public static final ConfigKey<String> SPARK_MASTER =
      ConfigKey.text(
              "optout.spark.master",
              "local[*]",
              "Spark master when the job starts its own session (spark-submit --master wins).")
          .env("OPTOUT_SPARK_MASTER");

  public static final ConfigKey<String> SPARK_APP_NAME =
      ConfigKey.text("optout.spark.app-name", "optout", "Spark application name.");

  public static final ConfigKey<Map<String, String>> SPARK_CONF =
      ConfigKey.settings(
          "optout.spark.conf",
          sparkDefaults(),
          "Spark settings applied to the session the jobs create (spark-submit --conf wins on a"
              + " cluster).");

  private static final List<ConfigKey<?>> ALL = collectAll();

  /** Every key, in the order of conf/application.conf. */
  public static List<ConfigKey<?>> all() {
    return ALL;
  }

  /**
   * The declared key called {@code name}, if any ({@code optout.spark.conf} entries are free-form).
   */
  public static Optional<ConfigKey<?>> byName(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  private static List<ConfigKey<?>> collectAll() {
    List<ConfigKey<?>> all = new ArrayList<>(List.of(TIMEZONE, WAREHOUSE));
    for (Lake lake : Lake.values()) {
      all.add(LAKE_PATH.get(lake));
      all.add(LAKE_FORMAT.get(lake));
    }
    all.addAll(
        List.of(
            MAX_REJECT_RATIO,
            ON_BAD_FILE,
            LATE_ARRIVAL_DAYS,
            PUSH_WINDOW_DAYS,
            RECEIVED_EVENT_TYPES,
            HISTOGRAM_CAP,
            ATTRIBUTION_WINDOW_DAYS,
            LOOKBACK_DAYS,
            SPIKES_BASELINE_DAYS,
            SPIKES_MIN_EXCESS,
            SPIKES_MAD_FACTOR,
            PUSH_FATIGUE_ENABLED,
            WHY_ENABLED,
            IMPACT_HORIZON_DAYS,
            IMPACT_FDR,
            IMPACT_MIN_RECIPIENTS,
            CAUSES_FAILURE_DAYS,
            CAUSES_CASCADE_DAYS,
            CAUSES_DORMANT_DAYS,
            CAUSES_REACTION_MINUTES,
            CAP_PERIOD_DAYS,
            CAP_MIN_USERS,
            CAP_ALPHA,
            SPARK_MASTER,
            SPARK_APP_NAME,
            SPARK_CONF));
    return Collections.unmodifiableList(all);
  }

  private static Map<Lake, ConfigKey<String>> lakePaths() {
    Map<Lake, ConfigKey<String>> keys = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      keys.put(
          lake,
          ConfigKey.text(
                  "optout.lakes." + lake.key() + ".path",
                  "data/lake/" + lake.key(),
                  "Folder or s3a:// URI of the " + lake.key() + " lake.")
              .env("OPTOUT_LAKE_" + lake.name()));
    }
    return Collections.unmodifiableMap(keys);
  }

  private static Map<Lake, ConfigKey<LakeFormat>> lakeFormats() {
    Map<Lake, ConfigKey<LakeFormat>> keys = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      keys.put(
          lake,
          ConfigKey.oneOf(
              "optout.lakes." + lake.key() + ".format",
              LakeFormat.class,
              LakeFormat.PARQUET,
              "Storage format of the " + lake.key() + " lake."));
    }
    return Collections.unmodifiableMap(keys);
  }

  private static Map<String, String> sparkDefaults() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", "8");
    // Delta rebuilds a snapshot after each commit with this many tasks (default 50)
    conf.put("spark.databricks.delta.snapshotPartitions", "4");
    // the run lists the lakes' files itself (lake/InputFiles); past this many folders Spark would
    // list them all again in a job of its own, a task per folder
    conf.put("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000");
    // Spark keeps the classes it generated for this many distinct pieces of code (default 100; the
    // test JVMs set their own, jobs/pom.xml): a run generates several hundred, and each one
    // evicted is compiled again, then JIT-compiled again
    conf.put("spark.sql.codegen.cache.maxEntries", "2000");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.sources.partitionOverwriteMode", "static");
    conf.put("spark.databricks.delta.schema.autoMerge.enabled", "false");
    // timestamps before 1900 (INT96) or 1582 are read and written as stored (docs/bad-input.md)
    conf.put("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED");
    conf.put("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    conf.put("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED");
    conf.put("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    return Collections.unmodifiableMap(conf);
  }
}
