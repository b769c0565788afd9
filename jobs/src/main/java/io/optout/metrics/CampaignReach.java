package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.InputColumns;
import io.optout.schema.InputColumns.Push;
import io.optout.schema.Tables;
import io.optout.schema.Tables.Facts;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Campaign reach (issue 3): deliveries, opens and clicks of each campaign per local day, next to
 * the opt-outs attributed to it, so campaigns can be ranked by opt-outs per thousand deliveries.
 */
public final class CampaignReach {
  private static final String RECEIVED = "_received";
  private static final String OPENED = "_opened";
  private static final String CLICKED = "_clicked";

  private CampaignReach() {}

  /**
   * {@code optout_campaign_reach}: one row per (day, app_id, campaign_id) with at least one
   * received, opened or clicked push of the campaign that local day (reporting zone). "Delivered"
   * means a received event type (optout.push.received-event-types). attributed_opt_outs counts the
   * opt-outs (any channel) whose last received campaign is this one, on the local day of that last
   * received push.
   */
  public static Dataset<Row> of(
      Dataset<Row> push, Dataset<Row> optOuts, AttributionSettings attribution, ZoneId zone) {
    Column eventType = col(Push.EVENT_TYPE);
    Column received = eventType.isin(attribution.receivedEventTypes().toArray());
    Column opened = eventType.equalTo(PushEventTypes.OPENED);
    Column clicked = eventType.equalTo(PushEventTypes.CLICKED);
    Column[] dayAppCampaign = {
      TimeWindows.localDate(col(InputColumns.EVENT_TIME), zone).as(Tables.CampaignReach.DAY),
      col(InputColumns.APP_ID).as(Tables.CampaignReach.APP_ID),
      col(Push.CAMPAIGN_ID).as(Tables.CampaignReach.CAMPAIGN_ID)
    };
    // distinct messages and distinct users counted by two plain aggregations: four distinct
    // counts in one aggregation make Spark expand every push into four rows first
    Dataset<Row> touched =
        push.where(col(Push.CAMPAIGN_ID).isNotNull().and(received.or(opened).or(clicked)));
    Dataset<Row> messages =
        touched
            .where(received)
            .groupBy(dayAppCampaign)
            .agg(countDistinct(col(Push.MESSAGE_ID)).as(Tables.CampaignReach.DELIVERED_MESSAGES));
    Dataset<Row> users =
        touched
            .groupBy(
                dayAppCampaign[0], dayAppCampaign[1], dayAppCampaign[2], col(InputColumns.USER_ID))
            .agg(max(received).as(RECEIVED), max(opened).as(OPENED), max(clicked).as(CLICKED))
            .groupBy(
                Tables.CampaignReach.DAY,
                Tables.CampaignReach.APP_ID,
                Tables.CampaignReach.CAMPAIGN_ID)
            .agg(
                count(when(col(RECEIVED), true)).as(Tables.CampaignReach.DELIVERED_USERS),
                count(when(col(OPENED), true)).as(Tables.CampaignReach.OPENED_USERS),
                count(when(col(CLICKED), true)).as(Tables.CampaignReach.CLICKED_USERS));
    String[] dayAppCampaignNames = {
      Tables.CampaignReach.DAY, Tables.CampaignReach.APP_ID, Tables.CampaignReach.CAMPAIGN_ID
    };
    Dataset<Row> reach =
        users
            .join(messages, dayAppCampaignNames, "left")
            .na()
            .fill(0L, new String[] {Tables.CampaignReach.DELIVERED_MESSAGES});
    Dataset<Row> attributed =
        LastCampaign.lastReceivedTouches(optOuts, push, attribution)
            .groupBy(
                TimeWindows.localDate(col(LastCampaign.TOUCH_TIME), zone)
                    .as(Tables.CampaignReach.DAY),
                col(Facts.APP_ID).as(Tables.CampaignReach.APP_ID),
                col(Push.CAMPAIGN_ID).as(Tables.CampaignReach.CAMPAIGN_ID))
            .agg(count(lit(1)).as(Tables.CampaignReach.ATTRIBUTED_OPT_OUTS));
    // Full join for safety: an attributed touch is itself a delivery of that day, so every
    // attributed row should already have a reach row.
    String[] grain = {
      Tables.CampaignReach.DAY, Tables.CampaignReach.APP_ID, Tables.CampaignReach.CAMPAIGN_ID
    };
    Dataset<Row> joined = reach.join(attributed, grain, "full").na().fill(0L);
    return Tables.CampaignReach.SPEC.conform(joined);
  }
}
