package io.optout.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.spark.ShownRows;
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
  public DemoReport(
      DeltaWarehouse warehouse, PrintWriter out, int pushWindowDays, List<Integer> lookbacks) {
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
    fatigueCurve();
    spikes();
    why();
    out.flush();
  }

  /** 7 days when configured, else the configured lookback nearest to 7 (the shorter on a tie). */
  static int shownLookback(List<Integer> lookbacks) {
    return lookbacks.stream()
        .min(
            java.util.Comparator.<Integer>comparingInt(x -> Math.abs(x - PREFERRED_LOOKBACK))
                .thenComparingInt(x -> x))
        .orElseThrow(() -> new IllegalArgumentException("no lookback configured"));
  }

  static String histogramTitle(int pushWindowDays) {
    return "Pushes received in the "
        + pushWindowDays
        + " days before opting out (push pressure), all opt-outs:";
  }

  private void tableSizes() {
    out.println();
    out.println("Tables under " + warehouse.root() + ":");
    // one query for every table: Delta answers each count from the row counts in its log, so the
    // union runs no job over data files and is planned once, not once per table
    Dataset<Row> counts = null;
    for (TableSpec table : Tables.all()) {
      if (warehouse.exists(table)) {
        Dataset<Row> one =
            warehouse
                .read(table)
                .agg(count(lit(1)).as("rows"))
                .select(lit(table.name()), col("rows"));
        counts = counts == null ? one : counts.unionAll(one);
      }
    }
    if (counts == null) {
      return;
    }
    for (Row table : counts.collectAsList()) {
      out.printf("  %-28s %,12d rows%n", table.getString(0), table.getLong(1));
    }
  }

  private void trend(LocalDate asOf) {
    out.println();
    out.println("Opt-outs per day, last " + TREND_DAYS + " days (all apps and channels):");
    List<Row> days =
        warehouse
            .read(DailyTable.SPEC)
            .where(col(Columns.DAY).gt(lit(java.sql.Date.valueOf(asOf.minusDays(TREND_DAYS)))))
            .groupBy(Columns.DAY)
            .agg(sum(Columns.OPT_OUTS).as("outs"), sum(Columns.OPT_INS).as("ins"))
            .orderBy(Columns.DAY)
            .collectAsList();
    long max = days.stream().mapToLong(r -> r.getLong(1)).max().orElse(1);
    for (Row day : days) {
      long outs = day.getLong(1);
      int width = (int) Math.round((double) outs / Math.max(1, max) * BAR_WIDTH);
      out.printf(
          "  %s %-3s %6d %s  (opt-ins %d)%n",
          day.getDate(0),
          day.getDate(0).toLocalDate().getDayOfWeek().toString().substring(0, 3),
          outs,
          "#".repeat(width),
          day.getLong(2));
    }
  }

  private void histogram() {
    out.println();
    out.println(histogramTitle(pushWindowDays));
    show(
        warehouse
            .read(PushHistogramTable.SPEC)
            .groupBy(Columns.PUSHES_RECEIVED, Columns.BUCKET)
            .agg(sum(Columns.OPT_OUTS).as("opt_outs"))
            .orderBy(Columns.PUSHES_RECEIVED)
            .drop(Columns.PUSHES_RECEIVED),
        20);
  }

  private void topCampaigns() {
    out.println();
    out.println("Top campaigns by opt-outs after receiving them (last received campaign):");
    show(
        warehouse
            .read(LastCampaignTable.SPEC)
            .where(col(Columns.TOUCH).equalTo(LastCampaignTable.RECEIVED))
            .groupBy(
                Columns.APP_ID, Columns.CAMPAIGN_ID, Columns.CAMPAIGN_NAME, Columns.CAMPAIGN_TYPE)
            .agg(sum(Columns.OPT_OUTS).as("opt_outs"))
            .orderBy(col("opt_outs").desc(), col(Columns.CAMPAIGN_ID).asc_nulls_first())
            .na()
            .fill("(no campaign)", new String[] {Columns.CAMPAIGN_ID}),
        8);
  }

  private void retainVersusChurn(int lookback) {
    out.println();
    out.println("Retain vs churn " + lookback + " days after opting out (final rows only):");
    Dataset<Row> cohorts =
        warehouse
            .read(CohortsTable.SPEC)
            .where(col(Columns.LOOKBACK_DAYS).equalTo(lookback).and(col(Columns.IS_FINAL)))
            .groupBy(Columns.CHANNEL, Columns.COHORT)
            .agg(sum(Columns.OPT_OUTS).as("opt_outs"))
            .orderBy(Columns.CHANNEL, Columns.COHORT);
    show(cohorts, 10);
    out.println("Top app events in the " + lookback + " days before opting out, by cohort:");
    show(
        warehouse
            .read(LastEventsTable.SPEC)
            .where(col(Columns.LOOKBACK_DAYS).equalTo(lookback))
            .groupBy(Columns.COHORT, Columns.EVENT_NAME)
            .agg(sum(Columns.TOTAL_EVENTS).as("total_events"))
            .orderBy(col(Columns.COHORT), col("total_events").desc())
            .limit(10),
        10);
  }

  /**
   * optout_push_fatigue summed over the days and apps for push keys, as a text chart
   * (docs/insights.md).
   */
  private void fatigueCurve() {
    if (!warehouse.exists(PushFatigueTable.SPEC)) {
      return;
    }
    out.println();
    out.println(
        "Push opt-out risk by pushes received in the push window before each day"
            + " (optout_push_fatigue, push):");
    out.println("  a rising curve says volume drives opt-outs, a flat one says it does not");
    List<Row> buckets =
        warehouse
            .read(PushFatigueTable.SPEC)
            .where(col(Columns.CHANNEL).equalTo("push"))
            .groupBy(Columns.PUSHES_RECEIVED, Columns.BUCKET)
            .agg(sum(Columns.USERS_AT_RISK).as("at_risk"), sum(Columns.OPT_OUTS).as("opt_outs"))
            .orderBy(Columns.PUSHES_RECEIVED)
            .collectAsList();
    double max = buckets.stream().mapToDouble(DemoReport::perThousand).max().orElse(0);
    out.printf("  %6s %14s %9s %9s%n", "pushes", "key-days", "opt-outs", "per 1000");
    for (Row bucket : buckets) {
      double rate = perThousand(bucket);
      out.printf(
          "  %6s %,14d %,9d %9.2f %s%n",
          bucket.getString(1), bucket.getLong(2), bucket.getLong(3), rate, bar(rate, max));
    }
  }

  private static double perThousand(Row bucket) {
    return bucket.getLong(2) == 0 ? 0 : 1000.0 * bucket.getLong(3) / bucket.getLong(2);
  }

  private static String bar(double value, double max) {
    return "#".repeat(max <= 0 ? 0 : (int) Math.round(value / max * BAR_WIDTH));
  }

  /**
   * Why users opt out (docs/why.md): the campaigns flagged harmful, the causes with how many came
   * back, and the frequency cap of the latest day.
   */
  private void why() {
    if (!warehouse.exists(CampaignImpactTable.SPEC)) {
      return;
    }
    out.println();
    out.println(
        "Harmful campaigns (optout_campaign_impact: opt-outs within the horizon against the app's"
            + " other campaigns that day, Benjamini-Hochberg), strongest first:");
    Dataset<Row> harmful =
        warehouse
            .read(CampaignImpactTable.SPEC)
            .where(col(Columns.IS_HARMFUL))
            .orderBy(col(Columns.P_VALUE), col(Columns.DAY).desc())
            .select(
                col(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CAMPAIGN_ID),
                col(Columns.CAMPAIGN_NAME),
                col(Columns.CHANNEL),
                col(Columns.RECIPIENTS),
                col(Columns.OPT_OUTS),
                round(col(Columns.EXPECTED_OPT_OUTS), 1).as(Columns.EXPECTED_OPT_OUTS),
                round(col(Columns.EXCESS_OPT_OUTS), 1).as(Columns.EXCESS_OPT_OUTS),
                format_number(col(Columns.P_VALUE), 6).as(Columns.P_VALUE));
    if (harmful.isEmpty()) {
      out.println("  no campaign flagged harmful in the warehouse's dates");
    } else {
      show(harmful, 5);
    }
    if (warehouse.exists(CauseDailyTable.SPEC)) {
      out.println(
          "Likely causes of the opt-outs (optout_cause_daily; a heuristic, not the users' stated"
              + " reasons) and how many came back:");
      show(
          warehouse
              .read(CauseDailyTable.SPEC)
              .groupBy(Columns.CHANNEL, Columns.CAUSE)
              .agg(
                  sum(Columns.OPT_OUTS).as(Columns.OPT_OUTS),
                  sum(Columns.REOPTED_IN_7D).as(Columns.REOPTED_IN_7D),
                  sum(Columns.REOPTED_IN_30D).as(Columns.REOPTED_IN_30D))
              .orderBy(col(Columns.CHANNEL), col(Columns.OPT_OUTS).desc()),
          20);
    }
    if (warehouse.exists(FrequencyCapTable.SPEC)) {
      out.println(
          "Frequency cap (optout_frequency_cap, push, latest day): the push count where the daily"
              + " opt-out risk steps up, and the recommended cap below it:");
      Dataset<Row> caps = warehouse.read(FrequencyCapTable.SPEC);
      show(
          caps.where(col(Columns.CHANNEL).equalTo("push"))
              .where(col(Columns.DAY).equalTo(caps.agg(max(Columns.DAY)).first().getDate(0)))
              .select(
                  col(Columns.APP_ID),
                  col(Columns.STEP_AT),
                  round(col(Columns.RATE_BELOW_PER_1000), 2).as(Columns.RATE_BELOW_PER_1000),
                  round(col(Columns.RATE_ABOVE_PER_1000), 2).as(Columns.RATE_ABOVE_PER_1000),
                  col(Columns.IS_SIGNIFICANT),
                  col(Columns.RECOMMENDED_CAP))
              .orderBy(Columns.APP_ID),
          20);
    }
  }

  /**
   * The latest spike days of optout_spikes with the campaign most of their opt-outs last received.
   */
  private void spikes() {
    if (!warehouse.exists(SpikesTable.SPEC)) {
      return;
    }
    out.println();
    out.println(
        "Opt-out spikes (optout_spikes: opt-outs >= median + max(min-excess, mad-factor x 1.4826 x"
            + " MAD) of the days before), latest first:");
    show(
        warehouse
            .read(SpikesTable.SPEC)
            .where(col(Columns.IS_SPIKE))
            .select(
                col(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                col(Columns.OPT_OUTS),
                col(Columns.BASELINE),
                round(col(Columns.THRESHOLD), 1).as(Columns.THRESHOLD),
                col(Columns.TOP_CAMPAIGN_ID).as("top_campaign"),
                col(Columns.TOP_CAMPAIGN_NAME).as("name"),
                col(Columns.TOP_CAMPAIGN_OPT_OUTS).as("its_opt_outs"))
            .orderBy(col(Columns.DAY).desc(), col(Columns.OPT_OUTS).desc()),
        12);
  }

  private void show(Dataset<Row> frame, int rows) {
    out.print(ShownRows.text(frame, rows, 40));
  }
}
