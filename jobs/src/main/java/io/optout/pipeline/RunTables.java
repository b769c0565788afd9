package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.config.OptoutConfig;
import io.optout.metrics.CampaignImpact;
import io.optout.metrics.CampaignReach;
import io.optout.metrics.Cohorts;
import io.optout.metrics.ConsentStates;
import io.optout.metrics.DailyConsentChanges;
import io.optout.metrics.FrequencyCap;
import io.optout.metrics.LastCampaign;
import io.optout.metrics.LastEvents;
import io.optout.metrics.LocalDays;
import io.optout.metrics.OptOutBase;
import io.optout.metrics.OptOutCauses;
import io.optout.metrics.OptOutSpikes;
import io.optout.metrics.OptOuts;
import io.optout.metrics.PushFatigue;
import io.optout.metrics.PushPressure;
import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.Columns;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tables one run writes, as a plan: each table's rows and the partitions they replace, in
 * commit order, consent state first; facts wait for its commit ({@code export --version N} pairs
 * facts version N with the consent state committed just before it). Building the plan runs no job:
 * the frames are lazy over the {@link SharedFrames}; {@link TableWriters} commits it. Definitions:
 * docs/metrics.md sections 5 and 8.
 */
final class RunTables {
  private RunTables() {}

  /** The rejected rows of the run's intakes and the input partitions whose rejects they replace. */
  record Rejects(Dataset<Row> rows, Column scope) {}

  /**
   * @param checkpoint the consent checkpoint the run started from, if any
   * @param checkpointAt where a nightly run keeps the consent checkpoint
   */
  static Map<TableSpec, Write> plan(
      SharedFrames frames,
      Rejects rejects,
      RunWindow window,
      Optional<Instant> checkpoint,
      Instant checkpointAt,
      OptoutConfig config) {
    Column optOutDates = between(Columns.OPT_OUT_DATE, window);
    Column days = between(Columns.DAY, window);
    Map<TableSpec, Write> tables = new LinkedHashMap<>();
    tables.put(
        ConsentStateTable.SPEC,
        new Write(ConsentStates.asOf(frames.prior(), frames.consent(), Optional.empty()), null));
    // export --table-version N pairs facts version N with the consent state committed before it
    tables.put(FactsTable.SPEC, new Write(frames.facts(), optOutDates, ConsentStateTable.SPEC));
    tables.put(
        DailyTable.SPEC,
        new Write(
            DailyConsentChanges.of(
                frames.classified(), window.start(), window.end(), config.timezone()),
            days));
    tables.put(
        PushHistogramTable.SPEC,
        new Write(PushPressure.histogram(frames.facts(), config.histogramCap()), optOutDates));
    tables.put(
        LastCampaignTable.SPEC,
        new Write(LastCampaign.summary(frames.facts(), frames.campaigns()), optOutDates));
    tables.put(UserCohortsTable.SPEC, new Write(frames.userCohorts(), optOutDates));
    tables.put(CohortsTable.SPEC, new Write(Cohorts.summary(frames.userCohorts()), optOutDates));
    tables.put(
        LastEventsTable.SPEC,
        new Write(LastEvents.of(frames.activity(), frames.userCohorts()), optOutDates));
    tables.put(CampaignReachTable.SPEC, new Write(campaignReach(frames, window, config), days));
    putInsights(tables, frames, window, config);
    if (config.why().enabled()) {
      putWhy(tables, frames, window, config);
    }
    tables.put(RejectsTable.SPEC, new Write(rejects.rows(), rejects.scope()));
    if (window.nightly() && checkpoint.map(c -> c.isBefore(checkpointAt)).orElse(true)) {
      tables.put(
          ConsentCheckpointTable.SPEC,
          new Write(
              ConsentStates.asOf(frames.prior(), frames.consent(), Optional.of(checkpointAt))
                  .withColumn(Columns.CHECKPOINT_AT, lit(Timestamp.from(checkpointAt))),
              null));
    }
    return Collections.unmodifiableMap(tables);
  }

  /** Section 8 (docs/insights.md): the base, the fatigue curve (unless switched off), spikes. */
  private static void putInsights(
      Map<TableSpec, Write> tables, SharedFrames frames, RunWindow window, OptoutConfig config) {
    Column days = between(Columns.DAY, window);
    LocalDays localDays = new LocalDays(window.from(), window.to(), config.timezone());
    tables.put(
        BaseTable.SPEC,
        new Write(OptOutBase.of(frames.states(), frames.classified(), localDays), days));
    if (config.pushFatigueEnabled()) {
      Dataset<Row> fatigue =
          frames.pooledFatigue() != null
              ? frames.pooledFatigue().where(days)
              : PushFatigue.of(
                  frames.states(),
                  frames.optOuts(),
                  frames.push(),
                  localDays,
                  MetricSettings.fatigue(config));
      tables.put(PushFatigueTable.SPEC, new Write(fatigue, days));
    }
    OptOutSpikes.Rule spikeRule =
        new OptOutSpikes.Rule(
            config.spikesBaselineDays(), config.spikesMinExcess(), config.spikesMadFactor());
    Dataset<Row> baselineOptOuts =
        OptOuts.in(
            frames.classified(),
            localDays.extendedBack(spikeRule.baselineDays()).start(),
            localDays.end(),
            config.timezone());
    tables.put(
        SpikesTable.SPEC,
        new Write(
            OptOutSpikes.of(
                baselineOptOuts, frames.facts(), frames.campaigns(), localDays, spikeRule),
            days));
  }

  /** Section 9 (docs/why.md): campaign impact, causes, their daily counts, the frequency cap. */
  private static void putWhy(
      Map<TableSpec, Write> tables, SharedFrames frames, RunWindow window, OptoutConfig config) {
    Column days = between(Columns.DAY, window);
    Column optOutDates = between(Columns.OPT_OUT_DATE, window);
    LocalDays localDays = new LocalDays(window.from(), window.to(), config.timezone());
    tables.put(
        CampaignImpactTable.SPEC,
        new Write(
            CampaignImpact.of(
                frames.prior(),
                frames.classified(),
                frames.push(),
                frames.campaigns(),
                localDays,
                window.asOf(),
                MetricSettings.impact(config)),
            days));
    Dataset<Row> causes = frames.causes();
    tables.put(CausesTable.SPEC, new Write(causes, optOutDates));
    tables.put(
        CauseDailyTable.SPEC, new Write(OptOutCauses.daily(causes, window.asOf()), optOutDates));
    tables.put(
        FrequencyCapTable.SPEC,
        new Write(
            FrequencyCap.of(frames.pooledFatigue(), localDays, MetricSettings.cap(config)), days));
  }

  /**
   * Reach of the window's days. A delivery on day X is attributed by opt-outs up to the attribution
   * window after X, so opt-outs are taken up to that far past the window's end.
   */
  private static Dataset<Row> campaignReach(
      SharedFrames frames, RunWindow window, OptoutConfig config) {
    Instant attributionEnd =
        window.end().plus(Duration.ofDays(config.attributionWindowDays() + 1L));
    Dataset<Row> optOuts =
        OptOuts.in(frames.classified(), window.start(), attributionEnd, config.timezone());
    return CampaignReach.of(
            frames.push(), optOuts, MetricSettings.attribution(config), config.timezone())
        .where(between(Columns.DAY, window));
  }

  private static Column between(String dateColumn, RunWindow window) {
    return ColumnRanges.datesIn(col(dateColumn), window.from(), window.to());
  }
}
