package io.optout.schema.tables;

import static io.optout.schema.Columns.CAUSE;
import static io.optout.schema.Columns.IS_FINAL;
import static io.optout.schema.Columns.MEDIAN_HOURS_TO_REOPT_IN;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.REOPTED_IN_30D;
import static io.optout.schema.Columns.REOPTED_IN_7D;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_cause_daily (docs/metrics.md section 9, docs/why.md). Grain: one row per (opt_out_date,
 * app_id, channel, cause). Example question: "Are more of our email opt-outs cascading from push
 * this month, and how many of those users came back within a week?"
 */
public final class CauseDailyTable {
  private CauseDailyTable() {}

  public static final String NAME = "optout_cause_daily";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "Opt-outs per day and cause (optout_causes), with how many of them opted in again"
              + " within 7 and 30 days and the median time to come back.",
          List.of(
              OPT_OUTS_DATE,
              APP,
              WITHDRAWN_CHANNEL,
              column(
                  CAUSE,
                  StringType,
                  "token_invalid, cascade, dormant, after_push or other (optout_causes.cause)."),
              column(OPT_OUTS, LongType, "Opt-outs with this cause."),
              column(
                  REOPTED_IN_7D,
                  LongType,
                  "Of those, how many opted in again within 7*24h of the opt-out."),
              column(REOPTED_IN_30D, LongType, "Of those, how many within 30*24h."),
              column(
                  MEDIAN_HOURS_TO_REOPT_IN,
                  DoubleType,
                  "Median hours to the next opt-in over those with one (the mean of the two middle"
                      + " values for an even count); null when none came back."),
              column(
                  IS_FINAL,
                  BooleanType,
                  "opt_out_date + 31 <= the run's as-of date: later runs no longer change the"
                      + " row.")));
}
