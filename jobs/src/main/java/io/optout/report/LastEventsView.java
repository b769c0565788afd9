package io.optout.report;

import java.util.List;

/** Retain vs churn for one lookback, and the app events before opting out per cohort. */
public record LastEventsView(
    int lookback,
    Measure measure,
    boolean includeNonFinal,
    long retainOptOuts,
    long churnOptOuts,
    List<EventRow> events,
    int limit) {

  public record EventRow(String eventName, long retain, long churn) {}
}
