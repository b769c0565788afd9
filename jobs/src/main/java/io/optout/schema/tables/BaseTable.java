package io.optout.schema.tables;

import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.OPTED_IN_START;
import static io.optout.schema.Columns.OPTED_OUT_START;
import static io.optout.schema.Columns.OPT_INS;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUT_RATE;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.CONSENT_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_base (docs/metrics.md section 8, docs/insights.md). Grain: one row per (day, app_id,
 * channel) with a non-zero count. Example question: "What share of the users opted in to push at
 * midnight opted out that day?"
 */
public final class BaseTable {
  private BaseTable() {}

  public static final String NAME = "optout_base";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "The opt-out rate against its base: per local day, app and channel, the keys (app,"
              + " user, channel) opted in and opted out at local midnight, the day's opt-outs and"
              + " opt-ins, and opt-outs per key opted in. Only rows with a non-zero count"
              + " appear.",
          List.of(
              column(
                  DAY,
                  DateType,
                  "Local calendar date in the reporting time zone (optout.timezone). Partition"
                      + " column."),
              APP,
              CONSENT_CHANNEL,
              column(
                  OPTED_IN_START,
                  LongType,
                  "Keys whose last consent row before local midnight starting the day is opt_in"
                      + " (the users at risk)."),
              column(
                  OPTED_OUT_START,
                  LongType,
                  "Keys whose last consent row before local midnight starting the day is"
                      + " opt_out."),
              column(
                  OPT_OUTS,
                  LongType,
                  "Opt-outs that day (as optout_daily, summed over platforms)."),
              column(
                  OPT_INS, LongType, "Opt-ins that day (as optout_daily, summed over platforms)."),
              column(
                  OPT_OUT_RATE,
                  DoubleType,
                  "opt_outs / opted_in_start; null when opted_in_start is 0. Can exceed 1: keys"
                      + " without a state can opt out, and a key can opt in and out on one"
                      + " day.")));
}
