package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeReader;
import io.optout.metrics.ActivityAroundOptOut;
import io.optout.metrics.ConsentChanges;
import io.optout.metrics.ConsentStates;
import io.optout.metrics.DailyConsentChanges;
import io.optout.metrics.KeyStatesAtMidnight;
import io.optout.metrics.LastCampaign;
import io.optout.metrics.LocalDays;
import io.optout.metrics.OptOutBase;
import io.optout.metrics.OptOutSpikes;
import io.optout.metrics.OptOuts;
import io.optout.metrics.PushFatigue;
import io.optout.metrics.PushPressure;
import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.InputColumns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables.Base;
import io.optout.schema.Tables.CampaignReach;
import io.optout.schema.Tables.Cohorts;
import io.optout.schema.Tables.ConsentCheckpoint;
import io.optout.schema.Tables.ConsentState;
import io.optout.schema.Tables.Daily;
import io.optout.schema.Tables.Facts;
import io.optout.schema.Tables.Fatigue;
import io.optout.schema.Tables.LastCampaignSummary;
import io.optout.schema.Tables.LastEvents;
import io.optout.schema.Tables.PushHistogram;
import io.optout.schema.Tables.Rejects;
import io.optout.schema.Tables.Runs;
import io.optout.schema.Tables.Spikes;
import io.optout.schema.Tables.UserCohorts;
import io.optout.spark.SparkCalls;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.RunLease;
import io.optout.warehouse.WarehouseTransaction;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
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
  private final RunPlan plan;

  /**
   * Table writes in flight at once. A Delta commit is mostly driver-side log work, so a few
   * parallel writes overlap it with the computation of other tables.
   */
  private static final int WRITER_THREADS = 3;

  public PipelineJob(SparkSession spark, OptoutConfig config, Clock clock) {
    this(spark, config, clock, RunPlan.OPTIMISED);
  }

  public PipelineJob(SparkSession spark, OptoutConfig config, Clock clock, RunPlan plan) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.warehouse = new DeltaWarehouse(spark, config.warehouse());
    this.plan = plan;
  }

  public RunRecord run(RunWindow window) {
    String runId = UUID.randomUUID().toString();
    String job = window.nightly() ? "run" : "run-range";
    Instant started = clock.instant();
    LOG.info("run {} {}: opt-out dates {} ({} plan)", runId, job, window.describe(), plan.key());
    // before anything is read or written: a run that dies leaves this row without a final one
    warehouse.append(Runs.SPEC, RunRecord.started(runId, job, window, started).toFrame(spark));
    // one run commits at a time: the lease is taken before the first commit, given back at the end
    RunLease lease = new RunLease(warehouse, runId, window.from(), window.to());
    WarehouseTransaction tx = new WarehouseTransaction(warehouse, runId, lease);
    List<LakeIntake> intakes = new ArrayList<>();
    LakeReader reader = new LakeReader(spark, config.onBadFile());
    try (lease;
        RunPhases phases = new RunPhases(spark.sparkContext())) {
      try {
        return SparkCalls.declaring(
            () -> {
              io.optout.KillPoints.reached("reading");
              Optional<Instant> checkpoint =
                  phases.time("read checkpoint", () -> usableCheckpoint(window));
              LakeInputs inputs =
                  LakeInputs.read(reader, config, ranges(window, checkpoint), phases);
              intakes.addAll(inputs.all());
              write(window, checkpoint, inputs, tx, runId, phases);
              RunRecord record =
                  RunRecord.of(
                          runId,
                          job,
                          window,
                          intakes,
                          tx.rowsWritten(),
                          tx.committedVersions(),
                          started,
                          clock.instant(),
                          null)
                      .withPhases(phases.millis(), phases.shuffleBytes())
                      .withSkippedFiles(reader.skipped());
              phases.time(
                  "write " + Runs.NAME, () -> warehouse.append(Runs.SPEC, record.toFrame(spark)));
              LOG.info("run {} phases (ms): {}", runId, phases.millis());
              return record;
            });
      } catch (RuntimeException | AnalysisException | SparkException | IOException e) {
        // Spark throws the checked ones undeclared (SparkCalls)
        tx.rollback();
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        RunRecord record =
            RunRecord.of(runId, job, window, intakes, Map.of(), started, clock.instant(), error)
                .withPhases(phases.millis(), phases.shuffleBytes())
                .withSkippedFiles(reader.skipped());
        try {
          warehouse.append(Runs.SPEC, record.toFrame(spark));
        } catch (RuntimeException logFailure) {
          LOG.error(
              "could not record the failed run in {}: {}", Runs.NAME, logFailure.getMessage());
        }
        // Spark's messages span many lines (plans, nested traces): the console gets the first
        throw new RunFailure(
            "run "
                + runId
                + " failed, no table changed: "
                + io.optout.OptoutException.firstLine(error),
            e);
      }
    }
  }

  /**
   * The checkpoint instant when it lies at or before {@link #consentFrom}; else the whole history
   * is read.
   */
  private Optional<Instant> usableCheckpoint(RunWindow window) {
    if (!warehouse.exists(ConsentCheckpoint.SPEC)) {
      return Optional.empty();
    }
    List<Row> at =
        warehouse
            .read(ConsentCheckpoint.SPEC)
            .select(ConsentCheckpoint.CHECKPOINT_AT)
            .limit(1)
            .collectAsList();
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Instant instant = at.get(0).getTimestamp(0).toInstant();
    return instant.isAfter(consentFrom(window)) ? Optional.empty() : Optional.of(instant);
  }

  /**
   * Where a nightly run's consent history must start: local midnight B days
   * (optout.spikes.baseline-days) before the window, so the spike baselines of the window's first
   * days are counted from the history too (docs/insights.md). The checkpoint is kept there.
   */
  private Instant consentFrom(RunWindow window) {
    return window
        .from()
        .minusDays(config.spikesBaselineDays())
        .atStartOfDay(window.zone())
        .toInstant();
  }

  private Map<Lake, DtRange> ranges(RunWindow window, Optional<Instant> checkpoint) {
    return InputRanges.of(window, checkpoint, config);
  }

  private void write(
      RunWindow window,
      Optional<Instant> checkpoint,
      LakeInputs inputs,
      WarehouseTransaction tx,
      String runId,
      RunPhases phases) {
    Dataset<Row> prior =
        checkpoint.isPresent()
            ? warehouse.read(ConsentCheckpoint.SPEC).drop(ConsentCheckpoint.CHECKPOINT_AT)
            : spark.createDataFrame(List.of(), ConsentState.SPEC.schema());
    Dataset<Row> consentRead = inputs.get(Lake.CONSENT).used();
    if (checkpoint.isPresent()) {
      // the checkpoint already holds every row before its instant
      consentRead =
          consentRead.where(
              col(InputColumns.EVENT_TIME).geq(lit(Timestamp.from(checkpoint.get()))));
    }
    Dataset<Row> consent = consentRead.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> classified =
        ConsentChanges.classify(consent, prior).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> optOuts =
        OptOuts.in(classified, window.start(), window.end(), config.timezone())
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<Row>> cached = new ArrayList<>(List.of(consent, classified, optOuts));
    List<LakeIntake> pushKept = new ArrayList<>();
    try {
      phases.time("consent history", () -> optOuts.count());
      // The metrics of the opt-outs need only the pushes and events of the users who opted out.
      Dataset<Row> optOutUsers = optOuts.select(col(Facts.APP_ID), col(Facts.USER_ID)).distinct();
      // pushes feed four metrics: their valid rows are kept once; the opted-out users' pushes and
      // events are a small share of the lakes, kept because several metrics join them
      LakeIntake push = inputs.get(Lake.PUSH).keepingValidRows();
      pushKept.add(push);
      Dataset<Row> pushOfOptOuts = cache(cached, plan.rowsOf(push, optOutUsers));
      Dataset<Row> eventsOfOptOuts =
          cache(cached, plan.rowsOf(inputs.get(Lake.EVENT), optOutUsers));
      Dataset<Row> campaigns = inputs.get(Lake.CAMPAIGN).used();
      Dataset<Row> facts =
          cache(
              cached,
              Facts.SPEC.conform(
                  LastCampaign.withLastCampaigns(
                      PushPressure.withPushesReceived(
                          optOuts, pushOfOptOuts, MetricSettings.push(config)),
                      pushOfOptOuts,
                      MetricSettings.attribution(config))));
      phases.time("facts (push pressure, last campaign)", () -> facts.count());
      ActivityAroundOptOut activity =
          ActivityAroundOptOut.of(optOuts, eventsOfOptOuts, config.lookbackDays()).persist();
      Dataset<Row> userCohorts =
          cache(cached, io.optout.metrics.Cohorts.userCohorts(activity, window.asOf()));
      try {
        phases.time("activity around opt-outs", () -> activity.frame().count());
        phases.time("user cohorts", () -> userCohorts.count());
        Column optOutDates = between(Facts.OPT_OUT_DATE, window.from(), window.to());
        // consent state first: `export --version N` pairs facts version N with the consent state
        // committed just before it
        phases.time(
            "write " + ConsentState.NAME,
            () ->
                tx.overwrite(
                    ConsentState.SPEC, ConsentStates.asOf(prior, consent, Optional.empty())));
        Map<TableSpec, Write> writes = new LinkedHashMap<>();
        writes.put(Facts.SPEC, new Write(facts, optOutDates));
        writes.put(
            Daily.SPEC,
            new Write(
                DailyConsentChanges.of(classified, window.start(), window.end(), config.timezone()),
                between(Daily.DAY, window.from(), window.to())));
        writes.put(
            PushHistogram.SPEC,
            new Write(PushPressure.histogram(facts, config.histogramCap()), optOutDates));
        writes.put(
            LastCampaignSummary.SPEC,
            new Write(LastCampaign.summary(facts, campaigns), optOutDates));
        writes.put(UserCohorts.SPEC, new Write(userCohorts, optOutDates));
        writes.put(
            Cohorts.SPEC, new Write(io.optout.metrics.Cohorts.summary(userCohorts), optOutDates));
        writes.put(
            LastEvents.SPEC,
            new Write(io.optout.metrics.LastEvents.of(activity, userCohorts), optOutDates));
        writes.put(
            CampaignReach.SPEC,
            new Write(
                campaignReach(window, classified, plan.allRows(push)),
                between(CampaignReach.DAY, window.from(), window.to())));
        // section 8 (docs/insights.md)
        LocalDays days = new LocalDays(window.from(), window.to(), config.timezone());
        OptOutSpikes.Rule spikeRule =
            new OptOutSpikes.Rule(
                config.spikesBaselineDays(), config.spikesMinExcess(), config.spikesMadFactor());
        Dataset<Row> states = cache(cached, KeyStatesAtMidnight.of(prior, consent, days));
        writes.put(
            Base.SPEC,
            new Write(
                OptOutBase.of(states, classified, days),
                between(Base.DAY, window.from(), window.to())));
        writes.put(
            Fatigue.SPEC,
            new Write(
                PushFatigue.of(
                    states,
                    optOuts,
                    plan.allRows(push),
                    days,
                    new PushFatigue.Settings(
                        config.pushWindowDays(),
                        config.histogramCap(),
                        config.receivedEventTypes())),
                between(Fatigue.DAY, window.from(), window.to())));
        Dataset<Row> baselineOptOuts =
            OptOuts.in(
                classified,
                days.extendedBack(spikeRule.baselineDays()).start(),
                days.end(),
                config.timezone());
        writes.put(
            Spikes.SPEC,
            new Write(
                OptOutSpikes.of(baselineOptOuts, facts, campaigns, days, spikeRule),
                between(Spikes.DAY, window.from(), window.to())));
        writes.put(Rejects.SPEC, new Write(rejects(inputs, runId), rejectScope(inputs)));
        Instant checkpointAt = consentFrom(window);
        if (window.nightly() && checkpoint.map(c -> c.isBefore(checkpointAt)).orElse(true)) {
          writes.put(
              ConsentCheckpoint.SPEC,
              new Write(
                  ConsentStates.asOf(prior, consent, Optional.of(checkpointAt))
                      .withColumn(
                          ConsentCheckpoint.CHECKPOINT_AT, lit(Timestamp.from(checkpointAt))),
                  null));
        }
        new TableWriters(WRITER_THREADS).commit(writes, tx, phases);
      } finally {
        activity.unpersist();
      }
    } finally {
      cached.forEach(Dataset::unpersist);
      pushKept.forEach(LakeIntake::release);
      inputs.all().forEach(LakeIntake::release);
    }
  }

  private static Dataset<Row> cache(List<Dataset<Row>> cached, Dataset<Row> frame) {
    Dataset<Row> persisted = frame.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    return persisted;
  }

  /**
   * Reach of the window's days. A delivery on day X is attributed by opt-outs up to the attribution
   * window after X, so opt-outs are taken up to that far past the window's end.
   */
  private Dataset<Row> campaignReach(RunWindow window, Dataset<Row> classified, Dataset<Row> push) {
    Instant attributionEnd =
        window.end().plus(Duration.ofDays(config.attributionWindowDays() + 1L));
    Dataset<Row> optOuts =
        OptOuts.in(classified, window.start(), attributionEnd, config.timezone());
    return io.optout.metrics.CampaignReach.of(
            push, optOuts, MetricSettings.attribution(config), config.timezone())
        .where(between(CampaignReach.DAY, window.from(), window.to()));
  }

  private Dataset<Row> rejects(LakeInputs inputs, String runId) {
    Timestamp now = Timestamp.from(clock.instant());
    Dataset<Row> all = null;
    for (LakeIntake intake : inputs.all()) {
      Dataset<Row> rows =
          intake
              .rejected()
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
    return col(dateColumn)
        .between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)));
  }
}
