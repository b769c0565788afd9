package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Tables;
import io.optout.schema.Tables.Facts;
import io.optout.schema.Tables.UserCohorts;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Retain / churn after an opt-out (docs/metrics.md section 4): for each lookback x, {@code retain}
 * when the user has at least one app event of the same app in {@code (T, T + x days]}, else {@code
 * churn}; final once {@code opt_out_date + x <= asOf}.
 */
public final class Cohorts {
  private Cohorts() {}

  private static final String FIRST_AFTER = "_first_after_micros";

  /** {@code optout_user_cohorts}, joining the events itself (when only cohorts are needed). */
  public static Dataset<Row> userCohorts(
      Dataset<Row> optOuts, Dataset<Row> events, List<Integer> lookbacks, LocalDate asOf) {
    return userCohorts(ActivityAroundOptOut.of(optOuts, events, lookbacks), asOf);
  }

  /**
   * {@code optout_user_cohorts}: one row per opt-out and lookback. Every lookback follows from one
   * number per opt-out, the offset of the first event after T: retain for x iff it is {@code <= x
   * days}.
   */
  public static Dataset<Row> userCohorts(ActivityAroundOptOut activity, LocalDate asOf) {
    Column offset = col(ActivityAroundOptOut.OFFSET_MICROS);
    Dataset<Row> firstAfter =
        activity
            .frame()
            .where(offset.gt(0))
            .groupBy(OptOutKey.columns())
            .agg(min(offset).as(FIRST_AFTER));
    Dataset<Row> optOuts =
        activity
            .optOuts()
            .select(
                col(Facts.APP_ID),
                col(Facts.USER_ID),
                col(Facts.CHANNEL),
                col(Facts.OPT_OUT_TIME),
                col(Facts.OPT_OUT_DATE));
    Column lookback = col(UserCohorts.LOOKBACK_DAYS);
    Column retained =
        col(FIRST_AFTER).isNotNull().and(col(FIRST_AFTER).leq(TimeWindows.daysInMicros(lookback)));
    Dataset<Row> cohorts =
        OptOutKey.attach(optOuts, firstAfter)
            .withColumn(UserCohorts.LOOKBACK_DAYS, explode(activity.lookbackArray()))
            .withColumn(
                UserCohorts.COHORT,
                when(retained, lit(UserCohorts.RETAIN)).otherwise(lit(UserCohorts.CHURN)))
            .withColumn(UserCohorts.IS_FINAL, isFinal(col(Facts.OPT_OUT_DATE), lookback, asOf));
    return Tables.UserCohorts.SPEC.conform(cohorts);
  }

  /**
   * {@code optout_cohorts} from {@code optout_user_cohorts}: opt-outs and distinct users per
   * (opt_out_date, app_id, channel, lookback_days, cohort).
   */
  public static Dataset<Row> summary(Dataset<Row> userCohorts) {
    // is_final depends only on opt_out_date and lookback_days, so grouping by it adds no rows.
    Dataset<Row> counted =
        userCohorts
            .groupBy(
                col(UserCohorts.OPT_OUT_DATE).as(Tables.Cohorts.OPT_OUT_DATE),
                col(UserCohorts.APP_ID).as(Tables.Cohorts.APP_ID),
                col(UserCohorts.CHANNEL).as(Tables.Cohorts.CHANNEL),
                col(UserCohorts.LOOKBACK_DAYS).as(Tables.Cohorts.LOOKBACK_DAYS),
                col(UserCohorts.COHORT).as(Tables.Cohorts.COHORT),
                col(UserCohorts.IS_FINAL).as(Tables.Cohorts.IS_FINAL))
            .agg(
                count(lit(1)).as(Tables.Cohorts.OPT_OUTS),
                countDistinct(col(UserCohorts.USER_ID)).as(Tables.Cohorts.USERS));
    return Tables.Cohorts.SPEC.conform(counted);
  }

  /**
   * docs/metrics.md section 4: a row is final when {@code d + x <= D}; later input can no longer
   * change it.
   */
  static Column isFinal(Column optOutDate, Column lookbackDays, LocalDate asOf) {
    return date_add(optOutDate, lookbackDays).leq(lit(Date.valueOf(asOf)));
  }
}
