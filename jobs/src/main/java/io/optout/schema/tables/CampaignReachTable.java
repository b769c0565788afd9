package io.optout.schema.tables;

import static io.optout.schema.Columns.ATTRIBUTED_OPT_OUTS;
import static io.optout.schema.Columns.CAMPAIGN_ID;
import static io.optout.schema.Columns.CLICKED_USERS;
import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.DELIVERED_MESSAGES;
import static io.optout.schema.Columns.DELIVERED_USERS;
import static io.optout.schema.Columns.OPENED_USERS;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_campaign_reach. Grain: one row per (day, app_id, campaign_id) with at least one received,
 * opened or clicked push of the campaign that local day. Distinct user counts are per day: summing
 * them over days counts a user once per day. Example question: "Which campaigns cause the most
 * opt-outs per thousand deliveries?"
 */
public final class CampaignReachTable {
  private CampaignReachTable() {}

  public static final String NAME = "optout_campaign_reach";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Reach of each campaign per local day (deliveries, opens, clicks) next to the opt-outs"
              + " attributed to it, to rank campaigns by opt-outs per thousand deliveries."
              + " Distinct user counts are per day and do not add up across days.",
          List.of(
              column(
                  DAY,
                  DateType,
                  "Local date of the push events in the reporting time zone. Partition column."),
              APP,
              column(
                  CAMPAIGN_ID,
                  StringType,
                  "Campaign (pushes without a campaign are not in this table)."),
              column(
                  DELIVERED_MESSAGES,
                  LongType,
                  "Distinct messages of the campaign with a received event"
                      + " (optout.push.received-event-types) that day."),
              column(
                  DELIVERED_USERS,
                  LongType,
                  "Distinct users who received a message of the campaign that day."),
              column(
                  OPENED_USERS,
                  LongType,
                  "Distinct users who opened a message of the campaign that day."),
              column(
                  CLICKED_USERS,
                  LongType,
                  "Distinct users who clicked a message of the campaign that day."),
              column(
                  ATTRIBUTED_OPT_OUTS,
                  LongType,
                  "Opt-outs (any channel) whose last received campaign (see optout_last_campaign)"
                      + " is this one and whose last received push was delivered that day.")));
}
