package io.optout.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;

import io.optout.config.OptoutConfig;
import io.optout.report.CampaignView.CampaignRow;
import io.optout.schema.Tables.CampaignReach;
import io.optout.schema.Tables.LastCampaignSummary;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Last campaigns of the range per touch, with deliveries and attributed opt-outs from
 * optout_campaign_reach.
 */
final class CampaignQuery {
  static final int TOP = 10;

  private CampaignQuery() {}

  static CampaignView compute(ReportSource source, ReportRequest request, OptoutConfig config) {
    Dataset<Row> reach =
        source
            .rows(CampaignReach.SPEC, CampaignReach.DAY, request.period())
            .groupBy(CampaignReach.APP_ID, CampaignReach.CAMPAIGN_ID)
            .agg(
                sum(CampaignReach.DELIVERED_MESSAGES).as(CampaignReach.DELIVERED_MESSAGES),
                sum(CampaignReach.ATTRIBUTED_OPT_OUTS).as(CampaignReach.ATTRIBUTED_OPT_OUTS));
    List<Row> rows =
        source
            .rows(LastCampaignSummary.SPEC, LastCampaignSummary.OPT_OUT_DATE, request.period())
            .groupBy(
                LastCampaignSummary.TOUCH,
                LastCampaignSummary.APP_ID,
                LastCampaignSummary.CAMPAIGN_ID)
            .agg(
                max_by(
                        col(LastCampaignSummary.CAMPAIGN_NAME),
                        col(LastCampaignSummary.OPT_OUT_DATE))
                    .as(LastCampaignSummary.CAMPAIGN_NAME),
                sum(LastCampaignSummary.OPT_OUTS).as(LastCampaignSummary.OPT_OUTS))
            .join(
                reach,
                new String[] {LastCampaignSummary.APP_ID, LastCampaignSummary.CAMPAIGN_ID},
                "left")
            .select(
                col(LastCampaignSummary.TOUCH),
                col(LastCampaignSummary.APP_ID),
                col(LastCampaignSummary.CAMPAIGN_ID),
                col(LastCampaignSummary.CAMPAIGN_NAME),
                col(LastCampaignSummary.OPT_OUTS),
                coalesce(col(CampaignReach.DELIVERED_MESSAGES), lit(0L)),
                coalesce(col(CampaignReach.ATTRIBUTED_OPT_OUTS), lit(0L)))
            .collectAsList();
    return new CampaignView(
        config.attributionWindowDays(),
        top(rows, LastCampaignSummary.RECEIVED),
        top(rows, LastCampaignSummary.INTERACTED),
        TOP);
  }

  private static List<CampaignRow> top(List<Row> rows, String touch) {
    return rows.stream()
        .filter(r -> touch.equals(r.getString(0)))
        .map(
            r ->
                new CampaignRow(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getLong(4),
                    r.getLong(5),
                    r.getLong(6)))
        .sorted(
            Comparator.comparingLong(CampaignRow::optOuts)
                .reversed()
                .thenComparing(CampaignRow::app)
                .thenComparing(
                    CampaignRow::campaignId, Comparator.nullsFirst(Comparator.naturalOrder())))
        .limit(TOP)
        .toList();
  }
}
