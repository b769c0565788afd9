package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.LakeIntake;
import io.optout.metrics.ActivityAroundOptOut;
import io.optout.metrics.Cohorts;
import io.optout.metrics.ConsentChanges;
import io.optout.metrics.KeyStatesAtMidnight;
import io.optout.metrics.LastCampaign;
import io.optout.metrics.LocalDays;
import io.optout.metrics.OptOutCauses;
import io.optout.metrics.OptOuts;
import io.optout.metrics.PushFatigue;
import io.optout.metrics.PushPressure;
import io.optout.schema.Columns;
import io.optout.schema.tables.FactsTable;
import io.optout.spark.KeptFrames;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The frames several tables of one run read, each computed once and kept ({@link KeptFrames}), so
 * the table plan ({@link RunTables}) is lazy and cheap to build. Computing them is the metrics'
 * heavy part; each step is a phase of the run's timings.
 *
 * @param prior the key states before the consent rows read (the checkpoint, or none)
 * @param consent the used consent rows read (after the checkpoint, when there is one)
 * @param classified the consent rows classified as changes (docs/metrics.md section 3)
 * @param optOuts the window's opt-outs
 * @param push the valid push rows, duplicates kept, for the window-wide distinct counts, from the
 *     first day a table other than the frequency cap reads (see {@link #fromMetricDays})
 * @param campaigns the used campaign rows
 * @param facts the opt-outs with their push pressure and last campaigns
 * @param activity the app events around each opt-out
 * @param userCohorts each opted-out user's retain/churn cohort per lookback
 * @param states every key's state at each local midnight of the window
 * @param pushOfOptOuts the push rows of the users who opted out in the window, from the same day as
 *     {@code push}
 * @param pooledFatigue the push fatigue curve of the window and the optout.cap.period-days - 1 days
 *     before it, for the frequency cap; null when the tables of docs/why.md are switched off
 * @param causes the cause of each opt-out of the window (optout_causes, which optout_cause_daily
 *     counts); null when the tables of docs/why.md are switched off
 */
record SharedFrames(
    Dataset<Row> prior,
    Dataset<Row> consent,
    Dataset<Row> classified,
    Dataset<Row> optOuts,
    Dataset<Row> push,
    Dataset<Row> campaigns,
    Dataset<Row> facts,
    ActivityAroundOptOut activity,
    Dataset<Row> userCohorts,
    Dataset<Row> states,
    Dataset<Row> pushOfOptOuts,
    Dataset<Row> pooledFatigue,
    Dataset<Row> causes) {

  /**
   * Computes and keeps the shared frames of a run over {@code window}; {@code kept} frees them.
   * With a checkpoint, {@code prior} holds every key's state at its instant and only later consent
   * rows are read.
   */
  static SharedFrames keep(
      LakeInputs inputs,
      Dataset<Row> prior,
      Optional<Instant> checkpoint,
      RunWindow window,
      OptoutConfig config,
      RunPlan plan,
      KeptFrames kept,
      RunPhases phases) {
    Dataset<Row> consentRead = inputs.get(Lake.CONSENT).used();
    if (checkpoint.isPresent()) {
      // the checkpoint already holds every row before its instant
      consentRead =
          consentRead.where(col(Columns.EVENT_TIME).geq(lit(Timestamp.from(checkpoint.get()))));
    }
    Dataset<Row> consentRows = consentRead;
    Dataset<Row> consent = phases.time("consent rows", () -> kept.keep(consentRows));
    Dataset<Row> classified =
        phases.time("consent changes", () -> kept.keep(ConsentChanges.classify(consent, prior)));
    Dataset<Row> optOuts =
        phases.time(
            "opt-outs",
            () ->
                kept.keep(OptOuts.in(classified, window.start(), window.end(), config.timezone())));
    // The metrics of the opt-outs need only the pushes and events of the users who opted out:
    // their pushes come from the kept push rows (which the window-wide metrics read too), their
    // events from the event lake's accounting pass (LakeInputs.events).
    Dataset<Row> optOutUsers = optOuts.select(col(Columns.APP_ID), col(Columns.USER_ID)).distinct();
    LakeIntake push = inputs.get(Lake.PUSH);
    Column metricDays = fromMetricDays(window, config);
    Dataset<Row> pushOfOptOuts =
        phases.time(
            "push of opt-outs", () -> kept.keep(plan.rowsOf(push, optOutUsers).where(metricDays)));
    LakeIntake events = inputs.events(optOutUsers, phases);
    // read once, by the activity around the opt-outs (which is kept)
    Dataset<Row> eventsOfOptOuts = plan.countedEventsOf(events, optOutUsers);
    Dataset<Row> facts =
        phases.time(
            "facts (push pressure, last campaign)",
            () ->
                kept.keep(
                    FactsTable.SPEC.conform(
                        LastCampaign.withLastCampaigns(
                            PushPressure.withPushesReceived(
                                optOuts, pushOfOptOuts, MetricSettings.push(config)),
                            pushOfOptOuts,
                            MetricSettings.attribution(config)))));
    ActivityAroundOptOut activity =
        phases.time(
            "activity around opt-outs",
            () ->
                ActivityAroundOptOut.ofCounted(
                        optOuts,
                        eventsOfOptOuts,
                        config.lookbackDays(),
                        config.why().enabled() ? config.why().causesDormantDays() : 0)
                    .keptIn(kept));
    Dataset<Row> userCohorts =
        phases.time("user cohorts", () -> kept.keep(Cohorts.userCohorts(activity, window.asOf())));
    LocalDays days = new LocalDays(window.from(), window.to(), config.timezone());
    Dataset<Row> states =
        phases.time(
            "key states at midnight",
            () -> kept.keep(KeyStatesAtMidnight.of(prior, consent, days)));
    Dataset<Row> allPush = plan.allRows(push);
    Dataset<Row> pooledFatigue = null;
    Dataset<Row> causes = null;
    if (config.why().enabled()) {
      // computed once for both optout_push_fatigue (the window's days) and the frequency cap
      LocalDays pooled = days.extendedBack(config.why().capPeriodDays() - 1);
      pooledFatigue =
          phases.time(
              "push fatigue (with the frequency cap's period)",
              () ->
                  kept.keep(
                      PushFatigue.of(
                          KeyStatesAtMidnight.of(prior, consent, pooled),
                          OptOuts.in(classified, pooled.start(), pooled.end(), config.timezone()),
                          allPush,
                          pooled,
                          MetricSettings.fatigue(config))));
      // kept: optout_cause_daily counts the causes, which would otherwise be found twice
      causes =
          phases.time(
              "opt-out causes",
              () ->
                  kept.keep(
                      OptOutCauses.of(
                          optOuts,
                          classified,
                          pushOfOptOuts,
                          activity,
                          MetricSettings.causes(config))));
    }
    return new SharedFrames(
        prior,
        consent,
        classified,
        optOuts,
        allPush.where(metricDays),
        inputs.get(Lake.CAMPAIGN).used(),
        facts,
        activity,
        userCohorts,
        states,
        pushOfOptOuts,
        pooledFatigue,
        causes);
  }

  /**
   * The push rows of the days the tables other than the frequency cap read: the partitions a run
   * without the tables of docs/why.md reads (InputRanges), and the F days of the token_invalid
   * cause. The cap's pooled fatigue curve reads up to P - 1 + W days further back; the other tables
   * never look that far, so the older rows are left out before they reach a shuffle. A valid row's
   * event_time lies on its dt partition's UTC date, so this is the partition range itself.
   */
  private static Column fromMetricDays(RunWindow window, OptoutConfig config) {
    int days = Math.max(config.pushWindowDays(), config.attributionWindowDays());
    if (config.why().enabled()) {
      days = Math.max(days, config.why().causesFailureDays());
    }
    LocalDate first = window.partitionsAround(days, 0).from().orElseThrow();
    return col(Columns.EVENT_TIME)
        .geq(lit(Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant())));
  }
}
