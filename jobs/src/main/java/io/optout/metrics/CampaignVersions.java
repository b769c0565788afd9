package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Columns;
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
        .groupBy(col(Columns.APP_ID), col(Columns.CAMPAIGN_ID))
        .agg(
            max(struct(
                    col(Columns.UPDATED_AT),
                    col(Columns.CREATED_AT),
                    col(Columns.NAME),
                    col(Columns.TYPE),
                    col(Columns.CHANNEL)))
                .as(LATEST))
        .select(
            col(Columns.APP_ID),
            col(Columns.CAMPAIGN_ID),
            col(LATEST + "." + Columns.NAME).as(Columns.NAME),
            col(LATEST + "." + Columns.TYPE).as(Columns.TYPE),
            col(LATEST + "." + Columns.CHANNEL).as(Columns.CHANNEL),
            col(LATEST + "." + Columns.CREATED_AT).as(Columns.CREATED_AT),
            col(LATEST + "." + Columns.UPDATED_AT).as(Columns.UPDATED_AT));
  }
}
