package io.optout.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Columns;
import io.optout.schema.tables.LastCampaignTable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Last-campaign attribution (docs/metrics.md section 4): the campaign of the last push that reached
 * ("received") or engaged ("interacted": opened, clicked) the user in the attribution window before
 * the opt-out.
 */
public final class LastCampaign {
  private LastCampaign() {}

  /** Column of {@link #lastReceivedTouches}: the instant of the last received touch. */
  static final String TOUCH_TIME = "_touch_time";

  private static final String LAST = "_last";
  private static final String TOUCH = "_touch";

  /**
   * The opt-outs with {@code last_received_campaign_id} and {@code last_interacted_campaign_id}
   * appended: among push events with a campaign_id of the same app_id and user_id in {@code [T - A
   * days, T)}, A = {@code optout.attribution.window-days}, the one with the greatest event_time,
   * ties to the greatest campaign_id; null when there is none.
   */
  public static Dataset<Row> withLastCampaigns(
      Dataset<Row> optOuts, Dataset<Row> push, AttributionSettings settings) {
    Dataset<Row> keys = OptOutKey.of(optOuts);
    int days = settings.windowDays();
    Dataset<Row> received =
        lastTouch(keys, push, days, settings.receivedEventTypes())
            .select(
                OptOutKey.columnsAnd(
                    col(Columns.CAMPAIGN_ID).as(Columns.LAST_RECEIVED_CAMPAIGN_ID)));
    Dataset<Row> interacted =
        lastTouch(keys, push, days, PushEventTypes.INTERACTED)
            .select(
                OptOutKey.columnsAnd(
                    col(Columns.CAMPAIGN_ID).as(Columns.LAST_INTERACTED_CAMPAIGN_ID)));
    return OptOutKey.attach(OptOutKey.attach(optOuts, received), interacted);
  }

  /**
   * The opt-outs that have a last received touch, with its {@code campaign_id} and its instant
   * ({@link #TOUCH_TIME}) appended: what {@link CampaignReach} attributes opt-outs by.
   */
  static Dataset<Row> lastReceivedTouches(
      Dataset<Row> optOuts, Dataset<Row> push, AttributionSettings settings) {
    Dataset<Row> touches =
        lastTouch(OptOutKey.of(optOuts), push, settings.windowDays(), settings.receivedEventTypes())
            .withColumnRenamed(Columns.EVENT_TIME, TOUCH_TIME);
    return optOuts.join(touches, OptOutKey.COLUMNS);
  }

  /**
   * {@code optout_last_campaign} from facts carrying both campaign columns: opt-outs per
   * (opt_out_date, app_id, channel, touch, campaign_id), every opt-out once per touch; name and
   * type from the latest version of the campaign, null when it is not in the dimension.
   */
  public static Dataset<Row> summary(Dataset<Row> facts, Dataset<Row> campaigns) {
    Column touches =
        explode(
            array(
                touch(LastCampaignTable.RECEIVED, Columns.LAST_RECEIVED_CAMPAIGN_ID),
                touch(LastCampaignTable.INTERACTED, Columns.LAST_INTERACTED_CAMPAIGN_ID)));
    Dataset<Row> counted =
        facts
            .select(
                col(Columns.OPT_OUT_DATE),
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                touches.as(TOUCH))
            .groupBy(
                col(Columns.OPT_OUT_DATE),
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                col(TOUCH + "." + Columns.TOUCH).as(Columns.TOUCH),
                col(TOUCH + "." + Columns.CAMPAIGN_ID).as(Columns.CAMPAIGN_ID))
            .agg(count(lit(1)).as(Columns.OPT_OUTS));
    Dataset<Row> names =
        CampaignVersions.latest(campaigns)
            .select(
                col(Columns.APP_ID),
                col(Columns.CAMPAIGN_ID),
                col(Columns.NAME).as(Columns.CAMPAIGN_NAME),
                col(Columns.TYPE).as(Columns.CAMPAIGN_TYPE));
    // The null campaign_id ("no campaign") row never matches a campaign: its name stays null.
    Dataset<Row> named =
        counted.join(names, new String[] {Columns.APP_ID, Columns.CAMPAIGN_ID}, "left");
    return LastCampaignTable.SPEC.conform(named);
  }

  /** Per opt-out key: the last push of the given types with a campaign: campaign_id, event_time. */
  private static Dataset<Row> lastTouch(
      Dataset<Row> keys, Dataset<Row> push, int days, List<String> types) {
    // max of struct(event_time, campaign_id): greatest time, ties to the greatest campaign_id.
    return PushesBeforeOptOut.of(
            keys, push.where(col(Columns.CAMPAIGN_ID).isNotNull()), days, types)
        .groupBy(OptOutKey.columns())
        .agg(max(struct(col(Columns.EVENT_TIME), col(Columns.CAMPAIGN_ID))).as(LAST))
        .select(
            OptOutKey.columnsAnd(
                col(LAST + "." + Columns.CAMPAIGN_ID).as(Columns.CAMPAIGN_ID),
                col(LAST + "." + Columns.EVENT_TIME).as(Columns.EVENT_TIME)));
  }

  private static Column touch(String touch, String campaignColumn) {
    return struct(lit(touch).as(Columns.TOUCH), col(campaignColumn).as(Columns.CAMPAIGN_ID));
  }
}
