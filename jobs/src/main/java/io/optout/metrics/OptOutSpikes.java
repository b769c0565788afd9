package io.optout.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;

import io.optout.schema.Columns;
import io.optout.schema.tables.SpikesTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * optout_spikes (docs/metrics.md section 8, docs/insights.md): each day's opt-outs per app and
 * channel against the median and MAD of the B days before (days without opt-outs count 0), a
 * threshold, and the campaign most of the day's opt-outs last received.
 *
 * <p>The baseline is a median, not a mean, so one earlier spike does not raise the bar for the next
 * weeks; the MAD scaled by 1.4826 estimates the standard deviation of normal noise the same robust
 * way, and {@code min-excess} keeps near-empty series from flagging every small bump.
 */
public final class OptOutSpikes {
  /** What the table needs of the configuration: B, min-excess and the MAD factor. */
  public record Rule(int baselineDays, double minExcess, double madFactor) {
    public Rule {
      if (baselineDays < 1 || minExcess < 0 || madFactor < 0) {
        throw new IllegalArgumentException(
            "invalid spike rule " + baselineDays + ", " + minExcess + ", " + madFactor);
      }
    }
  }

  /** Scales a MAD to the standard deviation of normally distributed values. */
  static final double MAD_TO_SIGMA = 1.4826;

  private static final String N = "_n";
  private static final String BEFORE = "_before";
  private static final String RECENT = "_recent";
  private static final String TOP = "_top";
  private static final String HOLDERS = "_holders";

  private OptOutSpikes() {}

  /**
   * {@code optOuts}: the opt-outs ({@link OptOuts#in}) of at least {@code [from - B, to]} (earlier
   * and later ones are ignored); {@code facts}: optout_facts rows of the days, for the last
   * received campaign; {@code campaigns}: the campaign dimension, for names.
   */
  public static Dataset<Row> of(
      Dataset<Row> optOuts, Dataset<Row> facts, Dataset<Row> campaigns, LocalDays days, Rule rule) {
    int b = rule.baselineDays();
    LocalDays withBaseline = days.extendedBack(b);
    Dataset<Row> perDay =
        optOuts
            .where(
                col(Columns.OPT_OUT_DATE).between(withBaseline.fromDate(), withBaseline.toDate()))
            .groupBy(
                col(Columns.OPT_OUT_DATE).as(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CHANNEL))
            .agg(count(lit(1)).as(N));
    // every day of [from - B, to] for each app and channel that has an opt-out there, 0 when none
    Dataset<Row> calendar =
        perDay
            .select(Columns.APP_ID, Columns.CHANNEL)
            .distinct()
            .select(
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                explode(withBaseline.every()).as(Columns.DAY))
            .join(perDay, new String[] {Columns.DAY, Columns.APP_ID, Columns.CHANNEL}, "left")
            .withColumn(N, coalesce(col(N), lit(0L)));
    WindowSpec history = Window.partitionBy(Columns.APP_ID, Columns.CHANNEL).orderBy(Columns.DAY);
    Column baseline = medianOfSorted(array_sort(col(BEFORE)));
    Column deviations = transform(col(BEFORE), (Column n) -> abs(n.minus(col(Columns.BASELINE))));
    Dataset<Row> scored =
        calendar
            .withColumn(BEFORE, collect_list(col(N)).over(history.rowsBetween(-b, -1)))
            .withColumn(RECENT, sum(col(N)).over(history.rowsBetween(-b, 0)))
            .where(col(Columns.DAY).between(days.fromDate(), days.toDate()).and(col(RECENT).gt(0)))
            .withColumn(Columns.OPT_OUTS, col(N))
            .withColumn(Columns.BASELINE, baseline)
            .withColumn(Columns.MAD, medianOfSorted(array_sort(deviations)))
            .withColumn(
                Columns.THRESHOLD,
                col(Columns.BASELINE)
                    .plus(
                        greatest(
                            lit(rule.minExcess()),
                            lit(rule.madFactor() * MAD_TO_SIGMA).multiply(col(Columns.MAD)))))
            .withColumn(Columns.IS_SPIKE, col(Columns.OPT_OUTS).geq(col(Columns.THRESHOLD)));
    Dataset<Row> named =
        scored.join(
            topCampaigns(facts, campaigns, days),
            new String[] {Columns.DAY, Columns.APP_ID, Columns.CHANNEL},
            "left");
    return SpikesTable.SPEC.conform(named);
  }

  /**
   * Median of a sorted, non-empty array of numbers: its middle element, or the mean of the two
   * middle ones for an even size.
   */
  static Column medianOfSorted(Column sorted) {
    Column n = size(sorted);
    Column lower = element_at(sorted, floor(n.plus(1).divide(2)).cast("int")); // 1-based
    Column upper = element_at(sorted, floor(n.divide(2)).plus(1).cast("int"));
    return lower.cast("double").plus(upper.cast("double")).divide(2);
  }

  /**
   * Per day, app and channel: the non-null last received campaign held by most opt-outs (ties to
   * the greatest campaign_id), its name from the latest version, and how many hold it.
   */
  private static Dataset<Row> topCampaigns(
      Dataset<Row> facts, Dataset<Row> campaigns, LocalDays days) {
    Dataset<Row> top =
        facts
            .where(col(Columns.LAST_RECEIVED_CAMPAIGN_ID).isNotNull())
            .where(col(Columns.OPT_OUT_DATE).between(days.fromDate(), days.toDate()))
            .groupBy(
                Columns.OPT_OUT_DATE,
                Columns.APP_ID,
                Columns.CHANNEL,
                Columns.LAST_RECEIVED_CAMPAIGN_ID)
            .agg(count(lit(1)).as(HOLDERS))
            .groupBy(
                col(Columns.OPT_OUT_DATE).as(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CHANNEL))
            .agg(max(struct(col(HOLDERS), col(Columns.LAST_RECEIVED_CAMPAIGN_ID))).as(TOP))
            .select(
                col(Columns.DAY),
                col(Columns.APP_ID),
                col(Columns.CHANNEL),
                col(TOP + "." + Columns.LAST_RECEIVED_CAMPAIGN_ID).as(Columns.TOP_CAMPAIGN_ID),
                col(TOP + "." + HOLDERS).as(Columns.TOP_CAMPAIGN_OPT_OUTS));
    Dataset<Row> names =
        CampaignVersions.latest(campaigns)
            .select(
                col(Columns.APP_ID),
                col(Columns.CAMPAIGN_ID).as(Columns.TOP_CAMPAIGN_ID),
                col(Columns.NAME).as(Columns.TOP_CAMPAIGN_NAME));
    return top.join(names, new String[] {Columns.APP_ID, Columns.TOP_CAMPAIGN_ID}, "left");
  }
}
