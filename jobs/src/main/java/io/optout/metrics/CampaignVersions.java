package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.InputColumns;
import io.optout.schema.InputColumns.Campaign;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The campaign dimension: one row per version of a campaign, of which the latest wins. */
public final class CampaignVersions {
  private CampaignVersions() {}

  private static final String LATEST = "_latest";

  /**
   * One row per (app_id, campaign_id), the version with the greatest updated_at. Ties (same
   * updated_at) go to the greatest created_at, then name, type, channel, a null value losing to any
   * value; rows equal in all of these are identical, so the result is deterministic. Columns:
   * app_id, campaign_id, name, type, channel, created_at, updated_at.
   */
  public static Dataset<Row> latest(Dataset<Row> campaigns) {
    // max of a struct compares field by field, nulls lowest: exactly the order documented above.
    return campaigns
        .groupBy(col(InputColumns.APP_ID), col(Campaign.CAMPAIGN_ID))
        .agg(
            max(struct(
                    col(Campaign.UPDATED_AT),
                    col(Campaign.CREATED_AT),
                    col(Campaign.NAME),
                    col(Campaign.TYPE),
                    col(Campaign.CHANNEL)))
                .as(LATEST))
        .select(
            col(InputColumns.APP_ID),
            col(Campaign.CAMPAIGN_ID),
            col(LATEST + "." + Campaign.NAME).as(Campaign.NAME),
            col(LATEST + "." + Campaign.TYPE).as(Campaign.TYPE),
            col(LATEST + "." + Campaign.CHANNEL).as(Campaign.CHANNEL),
            col(LATEST + "." + Campaign.CREATED_AT).as(Campaign.CREATED_AT),
            col(LATEST + "." + Campaign.UPDATED_AT).as(Campaign.UPDATED_AT));
  }
}
