package io.optout.schema.tables;

import static io.optout.schema.Columns.COHORT;
import static io.optout.schema.Columns.IS_FINAL;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.USERS;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.LOOKBACK;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_cohorts. Grain: one row per (opt_out_date, app_id, channel, lookback_days, cohort).
 * Example question: "What share of last week's push opt-outs still used the app within 7 days?"
 */
public final class CohortsTable {
  private CohortsTable() {}

  public static final String NAME = "optout_cohorts";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "Retain vs churn after opting out, per opt-out date, app, channel and lookback"
              + " (optout.cohort.lookback-days).",
          List.of(
              OPT_OUTS_DATE,
              APP,
              WITHDRAWN_CHANNEL,
              LOOKBACK,
              column(
                  COHORT,
                  StringType,
                  "'retain': at least one app event in the x days after the opt-out; 'churn':"
                      + " none."),
              column(OPT_OUTS, LongType, "Opt-outs in this cohort."),
              column(
                  USERS,
                  LongType,
                  "Distinct users in this cohort (a user with two opt-outs that day counts"
                      + " once)."),
              column(
                  IS_FINAL,
                  BooleanType,
                  "True when opt_out_date + x <= the run's as-of date; non-final rows are"
                      + " recomputed by later runs.")));
}
