/**
 * The metrics of docs/metrics.md sections 4 and 8 as pure transformations: validated input frames
 * in, output frames (conformed to their {@link io.optout.schema.Tables} spec) out. No reading, no
 * writing, no configuration lookup: each takes the few settings it uses ({@link PushSettings},
 * {@link AttributionSettings}, the lookbacks, the zone), never the whole configuration.
 *
 * <p>How the pipeline wires them:
 *
 * <pre>{@code
 * Dataset<Row> facts = LastCampaign.withLastCampaigns(
 *     PushPressure.withPushesReceived(optOuts, push, pushSettings), push, attributionSettings);
 * Dataset<Row> histogram = PushPressure.histogram(facts, config.histogramCap());
 * Dataset<Row> lastCampaign = LastCampaign.summary(facts, campaigns);
 * Dataset<Row> reach = CampaignReach.of(push, facts, attributionSettings, zone);
 *
 * ActivityAroundOptOut activity =
 *     ActivityAroundOptOut.of(optOuts, events, config.lookbackDays()).keptIn(kept); // one join
 * Dataset<Row> userCohorts = Cohorts.userCohorts(activity, asOf);
 * Dataset<Row> cohorts = Cohorts.summary(userCohorts);
 * Dataset<Row> lastEvents = LastEvents.of(activity, userCohorts);
 * ... write ...; kept.close();
 *
 * // section 8 (docs/insights.md): rates, fatigue and spikes
 * Dataset<Row> states = KeyStatesAtMidnight.of(prior, consent, days); // key states at each midnight
 * Dataset<Row> base = OptOutBase.of(states, classified, days);
 * Dataset<Row> fatigue = PushFatigue.of(states, optOuts, push, days, fatigueSettings);
 * Dataset<Row> spikes = OptOutSpikes.of(optOutsFromBDaysBefore, facts, campaigns, days, spikeRule);
 * }</pre>
 *
 * <p>Windows are absolute (24h days) and compared in microseconds; dates are the local dates the
 * caller computed ({@code opt_out_date}) or {@link io.optout.metrics.TimeWindows#localDate}.
 */
package io.optout.metrics;
