package io.optout.demo;

import static org.apache.spark.sql.functions.*;

import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.warehouse.DeltaWarehouse;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What the demo prints after a run: table sizes and a short view of every analysis. */
public final class DemoReport {
  private static final int TREND_DAYS = 21;
  private static final int BAR_WIDTH = 40;

  /** The lookback shown when it is configured; else the configured one nearest to it. */
  static final int PREFERRED_LOOKBACK = 7;

  private final DeltaWarehouse warehouse;
  private final PrintWriter out;
  private final int pushWindowDays;
  private final int lookback;

  /**
   * @param pushWindowDays optout.push.window-days, the window of the push histogram
   * @param lookbacks optout.cohort.lookback-days; one of them is shown ({@link #shownLookback})
   */
  public DemoReport(DeltaWarehouse warehouse, PrintWriter out, int pushWindowDays, List<Integer> lookbacks) {
    this.warehouse = warehouse;
    this.out = out;
    this.pushWindowDays = pushWindowDays;
    this.lookback = shownLookback(lookbacks);
  }

  public void print(LocalDate asOf) {
    tableSizes();
    trend(asOf);
    histogram();
    topCampaigns();
    retainVersusChurn(lookback);
    out.flush();
  }

  /** 7 days when configured, else the configured lookback nearest to 7 (the shorter on a tie). */
  static int shownLookback(List<Integer> lookbacks) {
    return lookbacks.stream()
        .min(java.util.Comparator.<Integer>comparingInt(x -> Math.abs(x - PREFERRED_LOOKBACK)).thenComparingInt(x -> x))
        .orElseThrow(() -> new IllegalArgumentException("no lookback configured"));
  }

  static String histogramTitle(int pushWindowDays) {
    return "Pushes received in the " + pushWindowDays + " days before opting out (push pressure), all opt-outs:";
  }

  private void tableSizes() {
    out.println();
    out.println("Tables under " + warehouse.root() + ":");
    for (TableSpec table : Tables.all()) {
      if (warehouse.exists(table)) {
        out.printf("  %-28s %,12d rows%n", table.name(), warehouse.read(table).count());
      }
    }
  }

  private void trend(LocalDate asOf) {
    out.println();
    out.println("Opt-outs per day, last " + TREND_DAYS + " days (all apps and channels):");
    List<Row> days =
        warehouse.read(Tables.Daily.SPEC)
            .where(col(Tables.Daily.DAY).gt(lit(java.sql.Date.valueOf(asOf.minusDays(TREND_DAYS)))))
            .groupBy(Tables.Daily.DAY)
            .agg(sum(Tables.Daily.OPT_OUTS).as("outs"), sum(Tables.Daily.OPT_INS).as("ins"))
            .orderBy(Tables.Daily.DAY)
            .collectAsList();
    long max = days.stream().mapToLong(r -> r.getLong(1)).max().orElse(1);
    for (Row day : days) {
      long outs = day.getLong(1);
      int width = (int) Math.round((double) outs / Math.max(1, max) * BAR_WIDTH);
      out.printf("  %s %-3s %6d %s  (opt-ins %d)%n", day.getDate(0), day.getDate(0).toLocalDate().getDayOfWeek().toString().substring(0, 3),
          outs, "#".repeat(width), day.getLong(2));
    }
  }

  private void histogram() {
    out.println();
    out.println(histogramTitle(pushWindowDays));
    show(
        warehouse.read(Tables.PushHistogram.SPEC)
            .groupBy(Tables.PushHistogram.PUSHES_RECEIVED, Tables.PushHistogram.BUCKET)
            .agg(sum(Tables.PushHistogram.OPT_OUTS).as("opt_outs"))
            .orderBy(Tables.PushHistogram.PUSHES_RECEIVED)
            .drop(Tables.PushHistogram.PUSHES_RECEIVED),
        20);
  }

  private void topCampaigns() {
    out.println();
    out.println("Top campaigns by opt-outs after receiving them (last received campaign):");
    show(
        warehouse.read(Tables.LastCampaignSummary.SPEC)
            .where(col(Tables.LastCampaignSummary.TOUCH).equalTo(Tables.LastCampaignSummary.RECEIVED))
            .groupBy(Tables.LastCampaignSummary.APP_ID, Tables.LastCampaignSummary.CAMPAIGN_ID,
                Tables.LastCampaignSummary.CAMPAIGN_NAME, Tables.LastCampaignSummary.CAMPAIGN_TYPE)
            .agg(sum(Tables.LastCampaignSummary.OPT_OUTS).as("opt_outs"))
            .orderBy(col("opt_outs").desc(), col(Tables.LastCampaignSummary.CAMPAIGN_ID).asc_nulls_first())
            .na().fill("(no campaign)", new String[] {Tables.LastCampaignSummary.CAMPAIGN_ID}),
        8);
  }

  private void retainVersusChurn(int lookback) {
    out.println();
    out.println("Retain vs churn " + lookback + " days after opting out (final rows only):");
    Dataset<Row> cohorts =
        warehouse.read(Tables.Cohorts.SPEC)
            .where(col(Tables.Cohorts.LOOKBACK_DAYS).equalTo(lookback).and(col(Tables.Cohorts.IS_FINAL)))
            .groupBy(Tables.Cohorts.CHANNEL, Tables.Cohorts.COHORT)
            .agg(sum(Tables.Cohorts.OPT_OUTS).as("opt_outs"))
            .orderBy(Tables.Cohorts.CHANNEL, Tables.Cohorts.COHORT);
    show(cohorts, 10);
    out.println("Top app events in the " + lookback + " days before opting out, by cohort:");
    show(
        warehouse.read(Tables.LastEvents.SPEC)
            .where(col(Tables.LastEvents.LOOKBACK_DAYS).equalTo(lookback))
            .groupBy(Tables.LastEvents.COHORT, Tables.LastEvents.EVENT_NAME)
            .agg(sum(Tables.LastEvents.TOTAL_EVENTS).as("total_events"))
            .orderBy(col(Tables.LastEvents.COHORT), col("total_events").desc())
            .limit(10),
        10);
  }

  private void show(Dataset<Row> frame, int rows) {
    out.print(frame.showString(rows, 40, false));
  }
}
