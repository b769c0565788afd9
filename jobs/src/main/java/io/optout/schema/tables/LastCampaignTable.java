package io.optout.schema.tables;

import static io.optout.schema.Columns.CAMPAIGN_ID;
import static io.optout.schema.Columns.CAMPAIGN_NAME;
import static io.optout.schema.Columns.CAMPAIGN_TYPE;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.TOUCH;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_last_campaign. Grain: one row per (opt_out_date, app_id, channel, touch, campaign_id);
 * campaign_id null is the "no campaign" row (no touch in the attribution window). Example question:
 * "Which campaign was the last push users received before they opted out yesterday?"
 */
public final class LastCampaignTable {
  private LastCampaignTable() {}

  public static final String NAME = "optout_last_campaign";

  /** touch value: the last push received (optout.push.received-event-types). */
  public static final String RECEIVED = "received";

  /** touch value: the last push opened or clicked. */
  public static final String INTERACTED = "interacted";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "Opt-outs by the campaign of the last push touch in the optout.attribution.window-days"
              + " days before the opt-out, per touch kind (received / interacted). A null"
              + " campaign_id row counts opt-outs with no such touch. Every opt-out appears once"
              + " per touch kind.",
          List.of(
              OPT_OUTS_DATE,
              APP,
              WITHDRAWN_CHANNEL,
              column(
                  TOUCH,
                  StringType,
                  "'received': last push received; 'interacted': last push opened or clicked."),
              column(
                  CAMPAIGN_ID,
                  StringType,
                  "Campaign of the last touch (greatest event time, ties to the greatest"
                      + " campaign_id); null = no campaign push touched the user in the window."),
              column(
                  CAMPAIGN_NAME,
                  StringType,
                  "Campaign name from the latest version of the campaign; null when the campaign"
                      + " is not in the campaign dimension or has no name."),
              column(
                  CAMPAIGN_TYPE,
                  StringType,
                  "Campaign type (broadcast, automated, ...) from the latest version; null when"
                      + " unknown."),
              column(OPT_OUTS, LongType, "Opt-outs whose last touch was this campaign.")));
}
