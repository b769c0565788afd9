package io.optout.pipeline;

import static org.apache.spark.sql.functions.*;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeReader;
import io.optout.metrics.ActivityAroundOptOut;
import io.optout.metrics.ConsentChanges;
import io.optout.metrics.ConsentStates;
import io.optout.metrics.DailyConsentChanges;
import io.optout.metrics.LastCampaign;
import io.optout.metrics.OptOuts;
import io.optout.metrics.PushPressure;
import io.optout.schema.InputColumns;
import io.optout.schema.Tables.CampaignReach;
import io.optout.schema.Tables.Cohorts;
import io.optout.schema.Tables.ConsentCheckpoint;
import io.optout.schema.Tables.ConsentState;
import io.optout.schema.Tables.Daily;
import io.optout.schema.Tables.Facts;
import io.optout.schema.Tables.LastCampaignSummary;
import io.optout.schema.Tables.LastEvents;
import io.optout.schema.Tables.PushHistogram;
import io.optout.schema.Tables.Rejects;
import io.optout.schema.Tables.Runs;
import io.optout.schema.Tables.UserCohorts;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.WarehouseTransaction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline run of SPEC section 6: reads the lakes for a window, computes every table for the
 * window's opt-out dates and replaces exactly those partitions, one commit per table. A failure
 * restores every table and is recorded in optout_runs; the succeeded row records each table's
 * version, which is what readers of one consistent set read (README, Reliability).
 */
public final class PipelineJob {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

  private final SparkSession spark;
  private final OptoutConfig config;
  private final Clock clock;
  private final DeltaWarehouse warehouse;

  public PipelineJob(SparkSession spark, OptoutConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.warehouse = new DeltaWarehouse(spark, config.warehouse());
  }

  public RunRecord run(RunWindow window) {
    String runId = UUID.randomUUID().toString();
    String job = window.nightly() ? "run" : "run-range";
    Instant started = clock.instant();
    LOG.info("run {} {}: opt-out dates {}", runId, job, window.describe());
    // before anything is read or written: a run that dies leaves this row without a final one
    warehouse.append(Runs.SPEC, RunRecord.started(runId, job, window, started).toFrame(spark));
    WarehouseTransaction tx = new WarehouseTransaction(warehouse, runId);
    List<LakeIntake> intakes = List.of();
    try {
      io.optout.KillPoints.reached("reading");
      Optional<Instant> checkpoint = usableCheckpoint(window);
      try (LakeInputs inputs = LakeInputs.read(new LakeReader(spark), config, ranges(window, checkpoint))) {
        intakes = List.copyOf(inputs.all());
        write(window, checkpoint, inputs, tx, runId);
      }
      RunRecord record =
          RunRecord.of(runId, job, window, intakes, tx.rowsWritten(), tx.committedVersions(), started, clock.instant(), null);
      warehouse.append(Runs.SPEC, record.toFrame(spark));
      return record;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes but thrown anyway
      tx.rollback();
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      RunRecord record = RunRecord.of(runId, job, window, intakes, Map.of(), started, clock.instant(), error);
      try {
        warehouse.append(Runs.SPEC, record.toFrame(spark));
      } catch (RuntimeException logFailure) {
        LOG.error("could not record the failed run in {}: {}", Runs.NAME, logFailure.getMessage());
      }
      throw new RunFailure("run " + runId + " failed, no table changed: " + error, e);
    }
  }

  /** The checkpoint instant when it lies at or before the window start; else the whole history is read. */
  private Optional<Instant> usableCheckpoint(RunWindow window) {
    if (!warehouse.exists(ConsentCheckpoint.SPEC)) {
      return Optional.empty();
    }
    List<Row> at = warehouse.read(ConsentCheckpoint.SPEC).select(ConsentCheckpoint.CHECKPOINT_AT).limit(1).collectAsList();
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Instant instant = at.get(0).getTimestamp(0).toInstant();
    return instant.isAfter(window.start()) ? Optional.empty() : Optional.of(instant);
  }

  private Map<Lake, DtRange> ranges(RunWindow window, Optional<Instant> checkpoint) {
    int pushDays = Math.max(config.pushWindowDays(), config.attributionWindowDays());
    int eventDays = config.maxLookbackDays();
    Map<Lake, DtRange> ranges = new EnumMap<>(Lake.class);
    ranges.put(Lake.CONSENT, checkpoint.map(c -> DtRange.from(RunWindow.utcDate(c))).orElse(DtRange.all()));
    // after the window too: campaign reach attributes a delivery to opt-outs up to A days later
    ranges.put(Lake.PUSH, window.partitionsAround(pushDays, config.attributionWindowDays() + 1));
    ranges.put(Lake.EVENT, window.partitionsAround(eventDays, eventDays));
    ranges.put(Lake.CAMPAIGN, DtRange.all());
    return ranges;
  }

  private void write(RunWindow window, Optional<Instant> checkpoint, LakeInputs inputs, WarehouseTransaction tx, String runId) {
    Dataset<Row> prior =
        checkpoint.isPresent()
            ? warehouse.read(ConsentCheckpoint.SPEC).drop(ConsentCheckpoint.CHECKPOINT_AT)
            : spark.createDataFrame(List.of(), ConsentState.SPEC.schema());
    Dataset<Row> consent = inputs.get(Lake.CONSENT).used();
    if (checkpoint.isPresent()) {
      // the checkpoint already holds every row before its instant
      consent = consent.where(col(InputColumns.EVENT_TIME).geq(lit(Timestamp.from(checkpoint.get()))));
    }
    Dataset<Row> classified = ConsentChanges.classify(consent, prior).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> push = inputs.get(Lake.PUSH).used();
    Dataset<Row> events = inputs.get(Lake.EVENT).used();
    Dataset<Row> campaigns = inputs.get(Lake.CAMPAIGN).used();
    Dataset<Row> optOuts =
        OptOuts.in(classified, window.start(), window.end(), config.timezone()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> facts =
        Facts.SPEC.conform(LastCampaign.withLastCampaigns(PushPressure.withPushesReceived(optOuts, push, config), push, config))
            .persist(StorageLevel.MEMORY_AND_DISK());
    ActivityAroundOptOut activity = ActivityAroundOptOut.of(optOuts, events, config.lookbackDays()).persist();
    Dataset<Row> userCohorts = io.optout.metrics.Cohorts.userCohorts(activity, window.asOf()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column optOutDates = between(Facts.OPT_OUT_DATE, window.from(), window.to());
      // consent state first: `export --version N` pairs facts version N with the consent state
      // committed just before it
      tx.overwrite(ConsentState.SPEC, ConsentStates.asOf(prior, consent, Optional.empty()));
      tx.replace(Facts.SPEC, facts, optOutDates);
      tx.replace(
          Daily.SPEC,
          DailyConsentChanges.of(classified, window.start(), window.end(), config.timezone()),
          between(Daily.DAY, window.from(), window.to()));
      tx.replace(PushHistogram.SPEC, PushPressure.histogram(facts, config.histogramCap()), optOutDates);
      tx.replace(LastCampaignSummary.SPEC, LastCampaign.summary(facts, campaigns), optOutDates);
      tx.replace(UserCohorts.SPEC, userCohorts, optOutDates);
      tx.replace(Cohorts.SPEC, io.optout.metrics.Cohorts.summary(userCohorts), optOutDates);
      tx.replace(LastEvents.SPEC, io.optout.metrics.LastEvents.of(activity, userCohorts), optOutDates);
      tx.replace(CampaignReach.SPEC, campaignReach(window, classified, push), between(CampaignReach.DAY, window.from(), window.to()));
      tx.replace(Rejects.SPEC, rejects(inputs, runId), rejectScope(inputs));
      if (window.nightly() && checkpoint.map(c -> c.isBefore(window.start())).orElse(true)) {
        tx.overwrite(
            ConsentCheckpoint.SPEC,
            ConsentStates.asOf(prior, consent, Optional.of(window.start()))
                .withColumn(ConsentCheckpoint.CHECKPOINT_AT, lit(Timestamp.from(window.start()))));
      }
    } finally {
      userCohorts.unpersist();
      activity.unpersist();
      facts.unpersist();
      optOuts.unpersist();
      classified.unpersist();
    }
  }

  /**
   * Reach of the window's days. A delivery on day X is attributed by opt-outs up to the
   * attribution window after X, so opt-outs are taken up to that far past the window's end.
   */
  private Dataset<Row> campaignReach(RunWindow window, Dataset<Row> classified, Dataset<Row> push) {
    Instant attributionEnd = window.end().plus(Duration.ofDays(config.attributionWindowDays() + 1L));
    Dataset<Row> optOuts = OptOuts.in(classified, window.start(), attributionEnd, config.timezone());
    return io.optout.metrics.CampaignReach.of(push, optOuts, config)
        .where(between(CampaignReach.DAY, window.from(), window.to()));
  }

  private Dataset<Row> rejects(LakeInputs inputs, String runId) {
    Timestamp now = Timestamp.from(clock.instant());
    Dataset<Row> all = null;
    for (LakeIntake intake : inputs.all()) {
      Dataset<Row> rows =
          intake.rejected()
              .select(
                  lit(intake.lake().key()).as(Rejects.LAKE),
                  col(InputColumns.DT).as(Rejects.INPUT_DT),
                  col(io.optout.lake.ContractRules.RULE).as(Rejects.RULE),
                  col(io.optout.lake.ContractRules.RAW).as(Rejects.RAW),
                  lit(runId).as(Rejects.RUN_ID),
                  lit(now).as(Rejects.REJECTED_AT));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  /** The rejects of exactly the input partitions this run read. */
  private static Column rejectScope(LakeInputs inputs) {
    Column scope = lit(false);
    for (LakeIntake intake : inputs.all()) {
      DtRange range = inputs.range(intake.lake());
      Column lake = col(Rejects.LAKE).equalTo(intake.lake().key());
      if (range.from().isPresent()) {
        lake = lake.and(col(Rejects.INPUT_DT).geq(lit(java.sql.Date.valueOf(range.from().get()))));
      }
      if (range.to().isPresent()) {
        lake = lake.and(col(Rejects.INPUT_DT).leq(lit(java.sql.Date.valueOf(range.to().get()))));
      }
      scope = scope.or(lake);
    }
    return scope;
  }

  private static Column between(String dateColumn, LocalDate from, LocalDate to) {
    return col(dateColumn).between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)));
  }
}
