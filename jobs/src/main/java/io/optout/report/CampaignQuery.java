package io.optout.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;

import io.optout.config.OptoutConfig;
import io.optout.report.CampaignView.CampaignRow;
import io.optout.schema.Columns;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.LastCampaignTable;
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
            .rows(CampaignReachTable.SPEC, Columns.DAY, request.period())
            .groupBy(Columns.APP_ID, Columns.CAMPAIGN_ID)
            .agg(
                sum(Columns.DELIVERED_MESSAGES).as(Columns.DELIVERED_MESSAGES),
                sum(Columns.ATTRIBUTED_OPT_OUTS).as(Columns.ATTRIBUTED_OPT_OUTS));
    List<Row> rows =
        source
            .rows(LastCampaignTable.SPEC, Columns.OPT_OUT_DATE, request.period())
            .groupBy(Columns.TOUCH, Columns.APP_ID, Columns.CAMPAIGN_ID)
            .agg(
                max_by(col(Columns.CAMPAIGN_NAME), col(Columns.OPT_OUT_DATE))
                    .as(Columns.CAMPAIGN_NAME),
                sum(Columns.OPT_OUTS).as(Columns.OPT_OUTS))
            .join(reach, new String[] {Columns.APP_ID, Columns.CAMPAIGN_ID}, "left")
            .select(
                col(Columns.TOUCH),
                col(Columns.APP_ID),
                col(Columns.CAMPAIGN_ID),
                col(Columns.CAMPAIGN_NAME),
                col(Columns.OPT_OUTS),
                coalesce(col(Columns.DELIVERED_MESSAGES), lit(0L)),
                coalesce(col(Columns.ATTRIBUTED_OPT_OUTS), lit(0L)))
            .collectAsList();
    return new CampaignView(
        config.attributionWindowDays(),
        top(rows, LastCampaignTable.RECEIVED),
        top(rows, LastCampaignTable.INTERACTED),
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
