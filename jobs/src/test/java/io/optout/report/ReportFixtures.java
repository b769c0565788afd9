package io.optout.report;

import static io.optout.testing.DataFrames.date;
import static io.optout.testing.DataFrames.frame;
import static io.optout.testing.DataFrames.ts;

import io.optout.schema.TableSpec;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.SpikesTable;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny warehouse with hand-chosen rows in every table the report reads (section-8 tables in the
 * schema of the section 8 tables in schema/Tables). The range under test is 2024-03-08..2024-03-14
 * (last-week as of 03-14); its previous period 03-01..03-07; a row on 03-15 lies outside both. The
 * warehouse is a folder or a URI (s3a://bucket/w).
 */
final class ReportFixtures {
  private ReportFixtures() {}

  static void writeSeedTables(SparkSession spark, String warehouse) {
    write(
        spark,
        warehouse,
        DailyTable.SPEC,
        row(date("2024-03-10"), "shop", "push", "ios", 3L, 1L, -2L, 3L),
        row(date("2024-03-10"), "shop", "push", "android", 2L, 0L, -2L, 2L),
        row(date("2024-03-12"), "shop", "email", "web", 1L, 2L, 1L, 1L),
        row(date("2024-03-12"), "note", "push", "ios", 4L, 0L, -4L, 4L),
        row(date("2024-03-05"), "shop", "push", "ios", 5L, 1L, -4L, 5L),
        row(date("2024-03-15"), "shop", "push", "ios", 50L, 50L, 0L, 50L));
    write(
        spark,
        warehouse,
        PushHistogramTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 0, "0", 2L),
        row(date("2024-03-10"), "shop", "push", 10, "10+", 3L),
        row(date("2024-03-12"), "note", "push", 2, "2", 4L),
        row(date("2024-03-12"), "shop", "email", 0, "0", 1L),
        row(date("2024-03-15"), "shop", "push", 5, "5", 50L));
    write(
        spark,
        warehouse,
        LastCampaignTable.SPEC,
        row(date("2024-03-10"), "shop", "push", "received", "c1", "Spring <Sale>", "broadcast", 3L),
        row(date("2024-03-10"), "shop", "push", "received", null, null, null, 2L),
        row(date("2024-03-12"), "note", "push", "received", "c9", "Welcome", "automated", 4L),
        row(
            date("2024-03-12"),
            "shop",
            "email",
            "received",
            "c1",
            "Spring Sale v2",
            "broadcast",
            1L),
        row(date("2024-03-10"), "shop", "push", "interacted", null, null, null, 5L),
        row(date("2024-03-12"), "note", "push", "interacted", "c9", "Welcome", "automated", 4L),
        row(date("2024-03-12"), "shop", "email", "interacted", null, null, null, 1L));
    write(
        spark,
        warehouse,
        CampaignReachTable.SPEC,
        row(date("2024-03-10"), "shop", "c1", 1000L, 900L, 100L, 10L, 3L),
        row(date("2024-03-12"), "shop", "c1", 600L, 550L, 50L, 5L, 1L),
        row(date("2024-03-12"), "note", "c9", 500L, 500L, 40L, 4L, 4L),
        row(date("2024-03-01"), "note", "c9", 999L, 999L, 0L, 0L, 99L));
    write(
        spark,
        warehouse,
        CohortsTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 7, "retain", 3L, 3L, true),
        row(date("2024-03-10"), "shop", "push", 7, "churn", 2L, 2L, true),
        row(date("2024-03-12"), "note", "push", 7, "retain", 1L, 1L, false),
        row(date("2024-03-12"), "note", "push", 7, "churn", 3L, 3L, false),
        row(date("2024-03-10"), "shop", "push", 1, "retain", 5L, 5L, true));
    write(
        spark,
        warehouse,
        LastEventsTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 7, "retain", "app_open", 10L, 3L, true),
        row(date("2024-03-10"), "shop", "push", 7, "churn", "app_open", 4L, 2L, true),
        row(date("2024-03-10"), "shop", "push", 7, "churn", "purchase", 6L, 1L, true),
        row(date("2024-03-12"), "note", "push", 7, "retain", "app_open", 100L, 1L, false),
        row(date("2024-03-10"), "shop", "push", 1, "retain", "search", 70L, 5L, true));
    write(
        spark,
        warehouse,
        FactsTable.SPEC,
        fact("shop", "u1", "push", "2024-03-10T08:00:00Z", "ios", "settings"),
        fact("shop", "u2", "push", "2024-03-10T09:00:00Z", "ios", "settings"),
        fact("shop", "u3", "push", "2024-03-10T10:00:00Z", "ios", "settings"),
        fact("shop", "u4", "push", "2024-03-10T11:00:00Z", "android", null),
        fact("shop", "u5", "push", "2024-03-10T12:00:00Z", "android", null),
        fact("shop", "u6", "email", "2024-03-12T08:00:00Z", "web", "unsubscribe_link"),
        fact("note", "u7", "push", "2024-03-12T08:00:00Z", "ios", "os_prompt"),
        fact("note", "u8", "push", "2024-03-12T09:00:00Z", "ios", "os_prompt"),
        fact("note", "u9", "push", "2024-03-12T10:00:00Z", "ios", "os_prompt"),
        fact("note", "u10", "push", "2024-03-12T11:00:00Z", null, "os_prompt"),
        fact("shop", "u1", "push", "2024-03-15T08:00:00Z", "ios", "api"));
  }

  /** optout_base, optout_push_fatigue and optout_spikes in the agreed schema. */
  static void writeInsightTables(SparkSession spark, String warehouse) {
    write(
        spark,
        warehouse,
        BaseTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 100L, 10L, 5L, 1L, 0.05),
        row(date("2024-03-11"), "shop", "push", 100L, 14L, 0L, 0L, 0.0),
        row(date("2024-03-12"), "shop", "email", 50L, 3L, 1L, 2L, 0.02),
        row(date("2024-03-12"), "note", "push", 200L, 0L, 4L, 0L, 0.02),
        row(date("2024-03-05"), "shop", "push", 80L, 9L, 5L, 1L, 0.0625));
    write(
        spark,
        warehouse,
        PushFatigueTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 0, "0", 300L, 2L, 6.67),
        row(date("2024-03-11"), "shop", "push", 0, "0", 100L, 0L, 0.0),
        row(date("2024-03-10"), "shop", "push", 10, "10+", 20L, 3L, 150.0),
        row(date("2024-03-12"), "note", "push", 2, "2", 400L, 4L, 10.0),
        row(date("2024-03-15"), "note", "push", 2, "2", 1L, 1L, 1000.0),
        // before the range, inside the 28 days optout_frequency_cap pools up to 03-14 (from
        // 02-16 on): the why section's fatigue curve counts them, the range's curve does not
        row(date("2024-03-01"), "shop", "push", 1, "1", 500L, 1L, 2.0),
        row(date("2024-03-01"), "shop", "push", 3, "3", 200L, 1L, 5.0),
        row(date("2024-03-01"), "shop", "push", 10, "10+", 30L, 6L, 200.0),
        row(date("2024-02-16"), "shop", "push", 3, "3", 100L, 0L, 0.0),
        row(date("2024-02-15"), "shop", "push", 1, "1", 999L, 999L, 1000.0));
    write(
        spark,
        warehouse,
        SpikesTable.SPEC,
        row(date("2024-03-10"), "shop", "push", 5L, 0.0, 0.0, 5.0, true, "c1", "Spring <Sale>", 3L),
        row(date("2024-03-12"), "note", "push", 4L, 2.0, 1.0, 7.0, false, "c9", "Welcome", 4L),
        row(date("2024-03-15"), "shop", "push", 50L, 0.0, 0.0, 5.0, true, null, null, 0L));
  }

  /**
   * optout_campaign_impact, optout_cause_daily and optout_frequency_cap (section 9), hand-made: the
   * flags, p-values and steps are chosen, not computed, so each view rule has a case.
   */
  static void writeWhyTables(SparkSession spark, String warehouse) {
    write(
        spark,
        warehouse,
        CampaignImpactTable.SPEC,
        // 03-10 shop push: c1 flagged; of the harmless c2 and c3, c3 has the smaller p-value
        impact("2024-03-10", "shop", "c1", "push", 100L, 10L, 300L, 6L, 2.0, 8.0, 1e-4, true),
        impact("2024-03-10", "shop", "c2", "push", 200L, 4L, 200L, 12L, 12.0, -8.0, 0.99, false),
        impact("2024-03-10", "shop", "c3", "push", 100L, 2L, 300L, 14L, 4.67, -2.67, 0.9, false),
        // another channel the same day: not a contrast for the push campaigns
        impact("2024-03-10", "shop", "c1", "email", 50L, 1L, 80L, 1L, 0.63, 0.37, 0.6, false),
        // 03-12 note push: c8 and c7 tie on the p-value, c7 has the larger excess
        impact("2024-03-12", "note", "c9", "push", 400L, 20L, 200L, 2L, 4.0, 16.0, 1e-6, true),
        impact("2024-03-12", "note", "c8", "push", 100L, 1L, 500L, 21L, 4.2, -3.2, 0.97, false),
        impact("2024-03-12", "note", "c7", "push", 100L, 1L, 500L, 21L, 4.0, -3.0, 0.97, false),
        // 03-12 shop push: both campaigns flagged, no harmless one to contrast
        impact("2024-03-12", "shop", "c4", "push", 90L, 9L, 60L, 5L, 7.5, 1.5, 0.001, true),
        impact("2024-03-12", "shop", "c5", "push", 60L, 5L, 90L, 9L, 6.0, -1.0, 0.002, true),
        // a lone campaign has no baseline: not compared
        impact("2024-03-11", "note", "c9", "push", 50L, 3L, 0L, 0L, null, null, null, false),
        // outside the range
        impact("2024-03-15", "shop", "c6", "push", 80L, 40L, 80L, 1L, 1.0, 39.0, 1e-9, true));
    write(
        spark,
        warehouse,
        CauseDailyTable.SPEC,
        row(date("2024-03-10"), "shop", "push", "dormant", 3L, 1L, 2L, 30.0, false),
        row(date("2024-03-10"), "shop", "push", "token_invalid", 2L, 0L, 0L, null, false),
        row(date("2024-03-12"), "note", "push", "after_push", 4L, 2L, 3L, 12.5, false),
        // final here (not realistic for the as-of date) to tell final rows from the others
        row(date("2024-03-12"), "shop", "email", "cascade", 1L, 0L, 1L, 400.0, true),
        row(date("2024-03-15"), "shop", "push", "other", 50L, 50L, 50L, 1.0, false));
    write(
        spark,
        warehouse,
        FrequencyCapTable.SPEC,
        row(
            date("2024-03-13"),
            "shop",
            "push",
            3,
            2,
            500L,
            1L,
            330L,
            10L,
            2.0,
            30.3,
            0.02,
            false,
            null),
        // the latest row of shop push in the range
        row(
            date("2024-03-14"),
            "shop",
            "push",
            10,
            3,
            800L,
            2L,
            50L,
            9L,
            2.5,
            180.0,
            0.001,
            true,
            9),
        // no eligible split
        row(
            date("2024-03-12"),
            "note",
            "push",
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        row(
            date("2024-03-15"),
            "shop",
            "push",
            2,
            1,
            500L,
            1L,
            330L,
            10L,
            2.0,
            30.3,
            1e-5,
            true,
            1));
  }

  private static Object[] impact(
      String day,
      String app,
      String campaign,
      String channel,
      long recipients,
      long optOuts,
      long baseRecipients,
      long baseOptOuts,
      Double expected,
      Double excess,
      Double pValue,
      boolean harmful) {
    return row(
        date(day),
        app,
        campaign,
        channel,
        recipients,
        optOuts,
        1000.0 * optOuts / recipients,
        baseRecipients,
        baseOptOuts,
        baseRecipients == 0 ? null : 1000.0 * baseOptOuts / baseRecipients,
        expected,
        excess,
        pValue,
        harmful,
        campaign.equals("c1") ? "Spring <Sale>" : "Campaign " + campaign,
        false);
  }

  private static Object[] fact(
      String app, String user, String channel, String time, String platform, String source) {
    return row(
        app,
        user,
        channel,
        ts(time),
        date(time.substring(0, 10)),
        platform,
        source,
        "x-" + user,
        null,
        1,
        null,
        null);
  }

  static Object[] row(Object... values) {
    return values;
  }

  static void write(SparkSession spark, String warehouse, TableSpec spec, Object[]... rows) {
    spec.conform(frame(spark, spec.schema(), rows))
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy(spec.partitionColumn())
        .save(spec.location(warehouse));
  }
}
