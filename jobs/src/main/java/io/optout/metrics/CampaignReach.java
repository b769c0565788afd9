package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.tables.CampaignReachTable;
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
    Column eventType = col(Columns.EVENT_TYPE);
    Column received = eventType.isin(attribution.receivedEventTypes().toArray());
    Column opened = eventType.equalTo(PushEventTypes.OPENED);
    Column clicked = eventType.equalTo(PushEventTypes.CLICKED);
    Column[] dayAppCampaign = {
      TimeWindows.localDate(col(Columns.EVENT_TIME), zone).as(Columns.DAY),
      col(Columns.APP_ID),
      col(Columns.CAMPAIGN_ID)
    };
    // distinct messages and distinct users counted by two plain aggregations: four distinct
    // counts in one aggregation make Spark expand every push into four rows first
    Dataset<Row> touched =
        push.where(col(Columns.CAMPAIGN_ID).isNotNull().and(received.or(opened).or(clicked)));
    Dataset<Row> messages =
        touched
            .where(received)
            .groupBy(dayAppCampaign)
            .agg(countDistinct(col(Columns.MESSAGE_ID)).as(Columns.DELIVERED_MESSAGES));
    Dataset<Row> users =
        touched
            .groupBy(dayAppCampaign[0], dayAppCampaign[1], dayAppCampaign[2], col(Columns.USER_ID))
            .agg(max(received).as(RECEIVED), max(opened).as(OPENED), max(clicked).as(CLICKED))
            .groupBy(Columns.DAY, Columns.APP_ID, Columns.CAMPAIGN_ID)
            .agg(
                count(when(col(RECEIVED), true)).as(Columns.DELIVERED_USERS),
                count(when(col(OPENED), true)).as(Columns.OPENED_USERS),
                count(when(col(CLICKED), true)).as(Columns.CLICKED_USERS));
    String[] dayAppCampaignNames = {Columns.DAY, Columns.APP_ID, Columns.CAMPAIGN_ID};
    Dataset<Row> reach =
        users
            .join(messages, dayAppCampaignNames, "left")
            .na()
            .fill(0L, new String[] {Columns.DELIVERED_MESSAGES});
    Dataset<Row> attributed =
        LastCampaign.lastReceivedTouches(optOuts, push, attribution)
            .groupBy(
                TimeWindows.localDate(col(LastCampaign.TOUCH_TIME), zone).as(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CAMPAIGN_ID))
            .agg(count(lit(1)).as(Columns.ATTRIBUTED_OPT_OUTS));
    // Full join for safety: an attributed touch is itself a delivery of that day, so every
    // attributed row should already have a reach row.
    String[] grain = {Columns.DAY, Columns.APP_ID, Columns.CAMPAIGN_ID};
    Dataset<Row> joined = reach.join(attributed, grain, "full").na().fill(0L);
    return CampaignReachTable.SPEC.conform(joined);
  }
}
