package io.optout.schema.tables;

import static io.optout.schema.Columns.BASELINE;
import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.IS_SPIKE;
import static io.optout.schema.Columns.MAD;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.THRESHOLD;
import static io.optout.schema.Columns.TOP_CAMPAIGN_ID;
import static io.optout.schema.Columns.TOP_CAMPAIGN_NAME;
import static io.optout.schema.Columns.TOP_CAMPAIGN_OPT_OUTS;
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
 * optout_spikes (docs/metrics.md section 8, docs/insights.md). Grain: one row per (day, app_id,
 * channel) for every day with at least one opt-out in the baseline days or that day. Example
 * question: "Which days last month had abnormally many push opt-outs, and which campaign did those
 * users last receive?"
 */
public final class SpikesTable {
  private SpikesTable() {}

  public static final String NAME = "optout_spikes";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Opt-out spikes: each day's opt-outs per app and channel against a robust baseline"
              + " (median and MAD of the optout.spikes.baseline-days days before, days without"
              + " opt-outs counting 0), and the campaign most of the day's opt-outs last"
              + " received.",
          List.of(
              LOCAL_DAY,
              APP,
              CONSENT_CHANNEL,
              column(OPT_OUTS, LongType, "Opt-outs that day."),
              column(
                  BASELINE,
                  DoubleType,
                  "Median of the daily opt-outs of the baseline-days days before (mean of the two"
                      + " middle values for an even count)."),
              column(
                  MAD,
                  DoubleType,
                  "Median absolute deviation of those days' opt-outs from the baseline."),
              column(
                  THRESHOLD,
                  DoubleType,
                  "baseline + max(optout.spikes.min-excess, optout.spikes.mad-factor * 1.4826 *"
                      + " mad)."),
              column(IS_SPIKE, BooleanType, "opt_outs >= threshold."),
              column(
                  TOP_CAMPAIGN_ID,
                  StringType,
                  "The last received campaign (optout_facts.last_received_campaign_id) held by"
                      + " most of the day's opt-outs, ties to the greatest campaign_id; null when"
                      + " none holds one."),
              column(
                  TOP_CAMPAIGN_NAME,
                  StringType,
                  "Name of that campaign from its latest version; null when unknown."),
              column(
                  TOP_CAMPAIGN_OPT_OUTS,
                  LongType,
                  "How many of the day's opt-outs hold that campaign; null when top_campaign_id"
                      + " is null.")));
}
