package io.optout.schema.tables;

import static io.optout.schema.Columns.COHORT;
import static io.optout.schema.Columns.IS_FINAL;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.LOOKBACK;
import static io.optout.schema.tables.SharedColumns.OPT_OUT_INSTANT;
import static io.optout.schema.tables.SharedColumns.USER;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_user_cohorts. Grain: one row per opt-out and lookback. Keys: app_id, user_id, channel,
 * opt_out_time, lookback_days. Example question: "Which users who opted out of push on March 1
 * churned within 7 days?"
 */
public final class UserCohortsTable {
  private UserCohortsTable() {}

  public static final String NAME = "optout_user_cohorts";

  /** cohort value: at least one app event in (T, T + x days]. */
  public static final String RETAIN = "retain";

  /** cohort value: no app event in (T, T + x days]. */
  public static final String CHURN = "churn";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "Retain or churn of each opt-out for each lookback in optout.cohort.lookback-days:"
              + " retain when the user has at least one app event of the same app in the x days"
              + " (x*24h) after the opt-out instant.",
          List.of(
              APP,
              USER,
              WITHDRAWN_CHANNEL,
              OPT_OUT_INSTANT,
              column(
                  OPT_OUT_DATE,
                  DateType,
                  "Local date of the opt-out in the reporting time zone. Partition column."),
              LOOKBACK,
              column(
                  COHORT,
                  StringType,
                  "'retain': at least one app event in (opt_out_time, opt_out_time + x days];"
                      + " else 'churn'."),
              column(
                  IS_FINAL,
                  BooleanType,
                  "True when opt_out_date + x <= the run's as-of date: later input cannot change"
                      + " the row. Non-final rows are recomputed by later runs.")));
}
