package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeIntake;
import io.optout.lake.LakeReader;
import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.InputFilesTable;
import io.optout.schema.tables.RunsTable;
import io.optout.spark.KeptFrames;
import io.optout.spark.SparkCalls;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.IdempotentWrite;
import io.optout.warehouse.RunLease;
import io.optout.warehouse.WarehouseTransaction;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline run of docs/metrics.md section 6: reads the lakes for a window, computes every table
 * for the window's opt-out dates and replaces exactly those partitions, one commit per table. A
 * failure restores every table and is recorded in optout_runs; the succeeded row records each
 * table's version, which is what readers of one consistent set read (docs/reliability.md).
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

  /**
   * {@code run --date D}: brings every table up to date with the lakes as they stand
   * (docs/nightly.md). Recomputes the dates that input changed since the last nightly run can
   * change, from the earliest one up to D; commits nothing when nothing changed. A rerun of a night
   * whose run was killed skips the tables that run committed (Delta idempotent writes).
   */
  public RunRecord nightly(LocalDate date) {
    NightlyWork work = new NightlyPlanner(spark, config, warehouse).plan(date);
    if (work.upToDate()) {
      return upToDate(work);
    }
    return run(work.window(), work);
  }

  /** Nothing changed since the last nightly run: one optout_runs row, no table written. */
  private RunRecord upToDate(NightlyWork work) {
    Instant now = clock.instant();
    RunWindow window =
        new RunWindow(work.asOf(), work.asOf(), work.asOf(), config.timezone(), true);
    RunRecord record =
        RunRecord.of(
            UUID.randomUUID().toString(), "run", window, List.of(), Map.of(), now, now, null);
    LOG.info(
        "nightly {}: no input changed since the last nightly run, no table written", work.asOf());
    warehouse.append(RunsTable.SPEC, record.toFrame(spark));
    return record;
  }

  public RunRecord run(RunWindow window) {
    return run(window, null);
  }

  private RunRecord run(RunWindow window, NightlyWork nightly) {
    String runId = UUID.randomUUID().toString();
    String job = window.nightly() ? "run" : "run-range";
    Instant started = clock.instant();
    LOG.info("run {} {}: opt-out dates {} ({} plan)", runId, job, window.describe(), plan.key());
    java.util.function.UnaryOperator<RunRecord> tag =
        r -> nightly == null ? r : r.withWork(nightly.key(), nightly.txnVersion());
    // before anything is read or written: a run that dies leaves this row without a final one
    warehouse.append(
        RunsTable.SPEC, tag.apply(RunRecord.started(runId, job, window, started)).toFrame(spark));
    // one run commits at a time: the lease is taken before the first commit, given back at the end
    RunLease lease = new RunLease(warehouse, runId, window.from(), window.to());
    WarehouseTransaction tx =
        new WarehouseTransaction(
            warehouse,
            runId,
            lease,
            nightly == null ? null : IdempotentWrite.nightly(nightly.txnVersion()));
    // the lakes counted so far, for the final row (the event lake is counted mid-run)
    AtomicReference<LakeInputs> read = new AtomicReference<>();
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
                  LakeInputs.read(reader, config, ranges(window, checkpoint), phases, plan);
              read.set(inputs);
              write(window, checkpoint, inputs, tx, runId, phases, nightly);
              RunRecord record =
                  RunRecord.of(
                          runId,
                          job,
                          window,
                          inputs.all(),
                          tx.rowsWritten(),
                          tx.committedVersions(),
                          started,
                          clock.instant(),
                          null)
                      .withPhases(phases.millis(), phases.shuffleBytes())
                      .withSkippedFiles(reader.skipped());
              RunRecord finished = tag.apply(record);
              phases.time(
                  "write " + RunsTable.NAME,
                  () -> warehouse.append(RunsTable.SPEC, finished.toFrame(spark)));
              LOG.info("run {} phases (ms): {}", runId, phases.millis());
              return finished;
            });
      } catch (RuntimeException | AnalysisException | SparkException | IOException e) {
        // Spark throws the checked ones undeclared (SparkCalls)
        tx.rollback();
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        RunRecord record =
            tag.apply(
                RunRecord.of(
                        runId,
                        job,
                        window,
                        read.get() == null ? List.of() : read.get().all(),
                        Map.of(),
                        started,
                        clock.instant(),
                        error)
                    .withPhases(phases.millis(), phases.shuffleBytes())
                    .withSkippedFiles(reader.skipped()));
        try {
          warehouse.append(RunsTable.SPEC, record.toFrame(spark));
        } catch (RuntimeException logFailure) {
          LOG.error(
              "could not record the failed run in {}: {}", RunsTable.NAME, logFailure.getMessage());
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
    if (!warehouse.exists(ConsentCheckpointTable.SPEC)) {
      return Optional.empty();
    }
    List<Row> at =
        warehouse
            .read(ConsentCheckpointTable.SPEC)
            .select(Columns.CHECKPOINT_AT)
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
    int days = config.spikesBaselineDays();
    if (config.why().enabled()) {
      // the frequency cap's states start P - 1 days back; the cascade cause looks C days back
      days =
          Math.max(
              days, Math.max(config.why().capPeriodDays() - 1, config.why().causesCascadeDays()));
    }
    return window.from().minusDays(days).atStartOfDay(window.zone()).toInstant();
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
      RunPhases phases,
      NightlyWork nightly) {
    Dataset<Row> prior =
        checkpoint.isPresent()
            ? warehouse.read(ConsentCheckpointTable.SPEC).drop(Columns.CHECKPOINT_AT)
            : spark.createDataFrame(List.of(), ConsentStateTable.SPEC.schema());
    try (KeptFrames kept = new KeptFrames()) {
      SharedFrames frames =
          SharedFrames.keep(inputs, prior, checkpoint, window, config, plan, kept, phases);
      Map<TableSpec, Write> tables =
          RunTables.plan(
              frames,
              new RunTables.Rejects(rejects(inputs, runId), rejectScope(inputs)),
              window,
              checkpoint,
              consentFrom(window),
              config);
      if (nightly != null && config.why().enabled()) {
        tables =
            OlderReoptIns.added(
                tables,
                warehouse,
                frames.classified(),
                nightly.changedConsent(inputs.get(Lake.CONSENT).used()),
                window,
                nightly,
                kept,
                phases);
      }
      new TableWriters(WRITER_THREADS).commit(tables, tx, phases);
      if (nightly != null) {
        // last: until it commits, the next nightly run compares with the previous listing and
        // redoes this night's work (skipping what this run committed)
        phases.time(
            "write " + InputFilesTable.NAME,
            () -> tx.overwrite(InputFilesTable.SPEC, nightly.listingFrame(spark, runId)));
      }
    } finally {
      inputs.all().forEach(LakeIntake::release);
    }
  }

  private Dataset<Row> rejects(LakeInputs inputs, String runId) {
    Timestamp now = Timestamp.from(clock.instant());
    Dataset<Row> all = null;
    for (LakeIntake intake : inputs.all()) {
      Dataset<Row> rows =
          intake
              .rejected()
              .select(
                  lit(intake.lake().key()).as(Columns.LAKE),
                  col(Columns.DT).as(Columns.INPUT_DT),
                  col(io.optout.lake.ContractRules.RULE).as(Columns.RULE),
                  col(io.optout.lake.ContractRules.RAW).as(Columns.RAW),
                  lit(runId).as(Columns.RUN_ID),
                  lit(now).as(Columns.REJECTED_AT));
      all = all == null ? rows : all.unionByName(rows);
    }
    // a few rows spread over every accounting partition of four lakes: one task, one file
    return all.coalesce(1);
  }

  /** The rejects of exactly the input partitions this run read. */
  private static Column rejectScope(LakeInputs inputs) {
    Column scope = lit(false);
    for (LakeIntake intake : inputs.all()) {
      DtRange range = inputs.range(intake.lake());
      Column lake = col(Columns.LAKE).equalTo(intake.lake().key());
      if (range.from().isPresent()) {
        lake = lake.and(col(Columns.INPUT_DT).geq(lit(java.sql.Date.valueOf(range.from().get()))));
      }
      if (range.to().isPresent()) {
        lake = lake.and(col(Columns.INPUT_DT).leq(lit(java.sql.Date.valueOf(range.to().get()))));
      }
      scope = scope.or(lake);
    }
    return scope;
  }

  private static Column between(String dateColumn, LocalDate from, LocalDate to) {
    return io.optout.spark.ColumnRanges.datesIn(col(dateColumn), from, to);
  }
}
