package io.optout.pipeline;

import io.optout.config.OptoutConfig;
import io.optout.config.WhySettings;
import io.optout.metrics.AttributionSettings;
import io.optout.metrics.CampaignImpact;
import io.optout.metrics.FrequencyCap;
import io.optout.metrics.OptOutCauses;
import io.optout.metrics.PushFatigue;
import io.optout.metrics.PushSettings;

/** The small settings each metric takes, cut from the run's configuration. */
final class MetricSettings {
  private MetricSettings() {}

  static PushSettings push(OptoutConfig config) {
    return new PushSettings(config.pushWindowDays(), config.receivedEventTypes());
  }

  static PushFatigue.Settings fatigue(OptoutConfig config) {
    return new PushFatigue.Settings(
        config.pushWindowDays(), config.histogramCap(), config.receivedEventTypes());
  }

  static CampaignImpact.Settings impact(OptoutConfig config) {
    WhySettings why = config.why();
    return new CampaignImpact.Settings(
        why.impactHorizonDays(),
        why.impactFdr(),
        why.impactMinRecipients(),
        config.receivedEventTypes());
  }

  static OptOutCauses.Settings causes(OptoutConfig config) {
    WhySettings why = config.why();
    return new OptOutCauses.Settings(
        why.causesFailureDays(),
        why.causesCascadeDays(),
        why.causesDormantDays(),
        why.causesReactionMinutes(),
        config.receivedEventTypes());
  }

  static FrequencyCap.Settings cap(OptoutConfig config) {
    WhySettings why = config.why();
    return new FrequencyCap.Settings(
        why.capPeriodDays(), config.histogramCap(), why.capMinUsers(), why.capAlpha());
  }

  static AttributionSettings attribution(OptoutConfig config) {
    return new AttributionSettings(config.attributionWindowDays(), config.receivedEventTypes());
  }
}
