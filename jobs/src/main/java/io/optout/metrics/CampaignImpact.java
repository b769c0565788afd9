package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CAMPAIGN_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.ConsentStatus;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.spark.ColumnRanges;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * optout_campaign_impact (docs/metrics.md section 9, docs/why.md): did the keys a campaign reached
 * on a day opt out within the horizon more often than the keys the app's other campaigns reached
 * that day? Each campaign's rate is tested against the rest of the day (Fisher's exact test), and
 * the campaigns of an app and day are flagged together under the Benjamini-Hochberg procedure, so a
 * busy day with many campaigns does not flag one by chance.
 *
 * <p>Cost: one shuffle gathers, per user, the consent rows and the window's received campaign
 * pushes; the exposures are found per user in plain Java ({@link CampaignExposures}) and counted
 * with partial aggregation, so only (day, app, campaign, channel) counts cross the network. The
 * p-values are computed on those few rows.
 */
public final class CampaignImpact {
  /** What the table needs of the configuration. */
  public record Settings(
      int horizonDays, double fdr, int minRecipients, List<String> receivedEventTypes) {
    public Settings {
      receivedEventTypes = List.copyOf(receivedEventTypes);
    }
  }

  private static final String CHANGE = "_change";
  private static final String RECEIPT = "_receipt";
  private static final String CHANGES = "_changes";
  private static final String RECEIPTS = "_receipts";
  private static final String EXPOSURE = "_exposure";
  private static final String TOTAL_RECIPIENTS = "_total_recipients";
  private static final String TOTAL_OPT_OUTS = "_total_opt_outs";
  private static final String MICROS = "micros";
  private static final String OPT_IN = "opt_in";
  private static final String OPT_OUT_CHANGE = "opt_out_change";
  private static final String DAY = "day";

  private CampaignImpact() {}

  /**
   * @param prior the key states before the first row of {@code classified} (app_id, user_id,
   *     channel, status)
   * @param classified the consent rows classified as changes ({@link ConsentChanges#classify}),
   *     through at least H days after the window
   * @param push validated push rows covering the window's days
   * @param campaigns the campaign rows (names from the latest version)
   * @param asOf the as-of date D (is_final)
   */
  public static Dataset<Row> of(
      Dataset<Row> prior,
      Dataset<Row> classified,
      Dataset<Row> push,
      Dataset<Row> campaigns,
      LocalDays days,
      LocalDate asOf,
      Settings settings) {
    Column exposureOf =
        udf(
                new CampaignExposures(TimeWindows.DAY_MICROS * settings.horizonDays()),
                CampaignExposures.returnType())
            .apply(col(CHANGES), col(RECEIPTS));
    Dataset<Row> perUser =
        changes(prior, classified)
            .unionByName(receipts(push, days, settings), true)
            .groupBy(UserGroups.columns())
            .agg(collect_list(col(CHANGE)).as(CHANGES), collect_list(col(RECEIPT)).as(RECEIPTS))
            .where(size(col(RECEIPTS)).gt(0));
    Column exposure = col(EXPOSURE);
    Dataset<Row> counts =
        perUser
            .select(col(APP_ID), explode(exposureOf).as(EXPOSURE))
            .groupBy(
                days.dateAt(exposure.getField(CampaignExposures.DAY)).as(Columns.DAY),
                col(APP_ID),
                exposure.getField(CampaignExposures.CAMPAIGN).as(CAMPAIGN_ID),
                exposure.getField(CampaignExposures.CHANNEL).as(CHANNEL))
            .agg(
                count(lit(1)).as(Columns.RECIPIENTS),
                count(when(exposure.getField(CampaignExposures.OPTED_OUT), true))
                    .as(Columns.OPT_OUTS));
    WindowSpec day = Window.partitionBy(Columns.DAY, APP_ID, CHANNEL);
    Column recipients = col(Columns.RECIPIENTS);
    Column optOuts = col(Columns.OPT_OUTS);
    Column baseRecipients = col(Columns.BASE_RECIPIENTS);
    Column baseOptOuts = col(Columns.BASE_OPT_OUTS);
    Column hasBase = baseRecipients.gt(0);
    Dataset<Row> tested =
        counts
            .withColumn(TOTAL_RECIPIENTS, sum(recipients).over(day))
            .withColumn(TOTAL_OPT_OUTS, sum(optOuts).over(day))
            .withColumn(Columns.BASE_RECIPIENTS, col(TOTAL_RECIPIENTS).minus(recipients))
            .withColumn(Columns.BASE_OPT_OUTS, col(TOTAL_OPT_OUTS).minus(optOuts))
            .withColumn(Columns.OPT_OUTS_PER_1000, lit(1000.0).multiply(optOuts).divide(recipients))
            .withColumn(
                Columns.BASELINE_PER_1000,
                when(hasBase, lit(1000.0).multiply(baseOptOuts).divide(baseRecipients)))
            .withColumn(
                Columns.EXPECTED_OPT_OUTS,
                when(
                    hasBase,
                    recipients.cast("double").multiply(baseOptOuts).divide(baseRecipients)))
            .withColumn(Columns.EXCESS_OPT_OUTS, optOuts.minus(col(Columns.EXPECTED_OPT_OUTS)))
            .withColumn(
                Columns.P_VALUE,
                when(
                    hasBase,
                    FishersExactTest.greater(optOuts, recipients, baseOptOuts, baseRecipients)));
    Column eligible =
        recipients.geq(settings.minRecipients()).and(baseRecipients.geq(settings.minRecipients()));
    Dataset<Row> flagged =
        BenjaminiHochberg.flag(
            tested,
            List.of(Columns.DAY, APP_ID),
            eligible,
            Columns.P_VALUE,
            settings.fdr(),
            Columns.IS_HARMFUL);
    Dataset<Row> names =
        CampaignVersions.latest(campaigns)
            .select(col(APP_ID), col(CAMPAIGN_ID), col(Columns.NAME).as(Columns.CAMPAIGN_NAME));
    Column finalDay =
        date_add(col(Columns.DAY), settings.horizonDays() + 1).leq(lit(Date.valueOf(asOf)));
    return CampaignImpactTable.SPEC.conform(
        flagged
            .join(names, new String[] {APP_ID, CAMPAIGN_ID}, "left")
            .withColumn(Columns.IS_FINAL, finalDay));
  }

  /** Per consent row: struct(channel, micros, opt_in, opt-out change); prior states first. */
  private static Dataset<Row> changes(Dataset<Row> prior, Dataset<Row> classified) {
    Dataset<Row> before =
        prior.select(
            col(APP_ID),
            col(USER_ID),
            struct(
                    col(CHANNEL),
                    lit(Long.MIN_VALUE).as(MICROS),
                    col(STATUS).equalTo(ConsentStatus.OPT_IN).as(OPT_IN),
                    lit(false).as(OPT_OUT_CHANGE))
                .as(CHANGE));
    Dataset<Row> rows =
        classified.select(
            col(APP_ID),
            col(USER_ID),
            struct(
                    col(CHANNEL),
                    unix_micros(col(EVENT_TIME)).as(MICROS),
                    col(STATUS).equalTo(ConsentStatus.OPT_IN).as(OPT_IN),
                    col(ConsentChanges.CHANGE)
                        .equalTo(ConsentChanges.OPT_OUT_CHANGE)
                        .as(OPT_OUT_CHANGE))
                .as(CHANGE));
    return before.unionByName(rows);
  }

  /** Per received campaign push of the days: struct(campaign_id, day index, micros). */
  private static Dataset<Row> receipts(Dataset<Row> push, LocalDays days, Settings settings) {
    Column t = col(EVENT_TIME);
    return push.where(col(Columns.EVENT_TYPE).isin(settings.receivedEventTypes().toArray()))
        .where(col(CAMPAIGN_ID).isNotNull())
        .where(ColumnRanges.instantsIn(t, days.start(), days.end()))
        .select(
            col(APP_ID),
            col(USER_ID),
            struct(col(CAMPAIGN_ID), days.index(days.dateOf(t)).as(DAY), unix_micros(t).as(MICROS))
                .as(RECEIPT));
  }
}
