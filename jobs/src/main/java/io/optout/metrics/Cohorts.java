package io.optout.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.UserCohortsTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
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
                col(Columns.APP_ID),
                col(Columns.USER_ID),
                col(Columns.CHANNEL),
                col(Columns.OPT_OUT_TIME),
                col(Columns.OPT_OUT_DATE));
    Column lookback = col(Columns.LOOKBACK_DAYS);
    Column retained =
        col(FIRST_AFTER).isNotNull().and(col(FIRST_AFTER).leq(TimeWindows.daysInMicros(lookback)));
    Dataset<Row> cohorts =
        OptOutKey.attach(optOuts, firstAfter)
            .withColumn(Columns.LOOKBACK_DAYS, explode(activity.lookbackArray()))
            .withColumn(
                Columns.COHORT,
                when(retained, lit(UserCohortsTable.RETAIN)).otherwise(lit(UserCohortsTable.CHURN)))
            .withColumn(Columns.IS_FINAL, isFinal(col(Columns.OPT_OUT_DATE), lookback, asOf));
    return UserCohortsTable.SPEC.conform(cohorts);
  }

  /**
   * The grain of the cohort tables: opt_out_date, app_id, channel, lookback_days, cohort, then
   * {@code more}, then is_final (which depends only on opt_out_date and lookback_days).
   */
  static Column[] grain(String... more) {
    List<Column> columns = new ArrayList<>();
    for (String name :
        List.of(
            Columns.OPT_OUT_DATE,
            Columns.APP_ID,
            Columns.CHANNEL,
            Columns.LOOKBACK_DAYS,
            Columns.COHORT)) {
      columns.add(col(name));
    }
    for (String name : more) {
      columns.add(col(name));
    }
    columns.add(col(Columns.IS_FINAL));
    return columns.toArray(Column[]::new);
  }

  /**
   * {@code optout_cohorts} from {@code optout_user_cohorts}: opt-outs and distinct users per
   * (opt_out_date, app_id, channel, lookback_days, cohort).
   */
  public static Dataset<Row> summary(Dataset<Row> userCohorts) {
    // is_final depends only on opt_out_date and lookback_days, so grouping by it adds no rows.
    Dataset<Row> counted =
        userCohorts
            .groupBy(grain())
            .agg(
                count(lit(1)).as(Columns.OPT_OUTS),
                countDistinct(col(Columns.USER_ID)).as(Columns.USERS));
    return CohortsTable.SPEC.conform(counted);
  }

  /**
   * docs/metrics.md section 4: a row is final when {@code d + x <= D}; later input can no longer
   * change it.
   */
  static Column isFinal(Column optOutDate, Column lookbackDays, LocalDate asOf) {
    return date_add(optOutDate, lookbackDays).leq(lit(Date.valueOf(asOf)));
  }
}
