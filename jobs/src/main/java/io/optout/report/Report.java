package io.optout.report;

import java.time.Instant;

/** Everything the HTML page shows, computed from the warehouse; rendered by {@link ReportPage}. */
public record Report(
    ReportRequest request,
    String timezone,
    Instant generatedAt,
    Headline headline,
    TrendView trend,
    PushPressureView pushPressure,
    CampaignView campaigns,
    LastEventsView lastEvents,
    SourcePlatformView sourcesAndPlatforms,
    HarmfulCampaignView harmfulCampaigns,
    CauseView causes,
    FrequencyCapView frequencyCap,
    String exportCommand) {

  /** No opt-out in the range: the views say so instead of drawing empty charts. */
  public boolean empty() {
    return headline.current().optOuts() == 0;
  }
}
