package io.optout.schema.tables;

import static io.optout.schema.Columns.BASELINE_PER_1000;
import static io.optout.schema.Columns.BASE_OPT_OUTS;
import static io.optout.schema.Columns.BASE_RECIPIENTS;
import static io.optout.schema.Columns.CAMPAIGN_ID;
import static io.optout.schema.Columns.CAMPAIGN_NAME;
import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.EXCESS_OPT_OUTS;
import static io.optout.schema.Columns.EXPECTED_OPT_OUTS;
import static io.optout.schema.Columns.IS_FINAL;
import static io.optout.schema.Columns.IS_HARMFUL;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUTS_PER_1000;
import static io.optout.schema.Columns.P_VALUE;
import static io.optout.schema.Columns.RECIPIENTS;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.CONSENT_CHANNEL;
import static io.optout.schema.tables.SharedColumns.LOCAL_DAY;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_campaign_impact (docs/metrics.md section 9, docs/why.md). Grain: one row per (day, app_id,
 * campaign_id, channel) with at least one exposure. Example question: "Did yesterday's flash-sale
 * push make its recipients opt out more than the app's other campaigns did?"
 */
public final class CampaignImpactTable {
  private CampaignImpactTable() {}

  public static final String NAME = "optout_campaign_impact";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Campaign impact: the keys (app, user, channel) opted in when a campaign first reached"
              + " the user on a local day, how many of them opted out within"
              + " optout.impact.horizon-days, against the keys the app's other campaigns reached"
              + " that day; Fisher's exact one-sided p-value and a Benjamini-Hochberg flag per app"
              + " and day. A comparison with the day's other campaigns, not a controlled"
              + " experiment.",
          List.of(
              LOCAL_DAY,
              APP,
              column(CAMPAIGN_ID, StringType, "Campaign whose received push exposed the keys."),
              CONSENT_CHANNEL,
              column(
                  RECIPIENTS,
                  LongType,
                  "Exposures: keys in state opt_in at the campaign's first received push to the"
                      + " user that day."),
              column(
                  OPT_OUTS,
                  LongType,
                  "Of those, keys with an opt-out in (t, t + horizon-days*24h]."),
              column(OPT_OUTS_PER_1000, DoubleType, "1000 * opt_outs / recipients."),
              column(
                  BASE_RECIPIENTS,
                  LongType,
                  "Exposures of the app's other campaigns that day on this channel (a key exposed"
                      + " to two campaigns counts in both)."),
              column(BASE_OPT_OUTS, LongType, "Opt-outs among base_recipients."),
              column(
                  BASELINE_PER_1000,
                  DoubleType,
                  "1000 * base_opt_outs / base_recipients; null when base_recipients is 0."),
              column(
                  EXPECTED_OPT_OUTS,
                  DoubleType,
                  "recipients * base_opt_outs / base_recipients: the opt-outs at the baseline"
                      + " rate; null without a baseline."),
              column(
                  EXCESS_OPT_OUTS,
                  DoubleType,
                  "opt_outs - expected_opt_outs; null without a baseline."),
              column(
                  P_VALUE,
                  DoubleType,
                  "Fisher's exact one-sided p-value that the campaign's rate exceeds the"
                      + " baseline's; null without a baseline."),
              column(
                  IS_HARMFUL,
                  BooleanType,
                  "Flagged by Benjamini-Hochberg at optout.impact.fdr over the app's eligible rows"
                      + " that day (recipients and base_recipients at least"
                      + " optout.impact.min-recipients)."),
              column(
                  CAMPAIGN_NAME,
                  StringType,
                  "Name of the campaign from its latest version; null when unknown."),
              column(
                  IS_FINAL,
                  BooleanType,
                  "day + horizon-days + 1 <= the run's as-of date: later runs no longer change"
                      + " the row.")));
}
