package io.optout.schema.tables;

import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.ELIGIBLE_CANDIDATES;
import static io.optout.schema.Columns.IS_SIGNIFICANT;
import static io.optout.schema.Columns.OPT_OUTS_ABOVE;
import static io.optout.schema.Columns.OPT_OUTS_BELOW;
import static io.optout.schema.Columns.P_VALUE;
import static io.optout.schema.Columns.RATE_ABOVE_PER_1000;
import static io.optout.schema.Columns.RATE_BELOW_PER_1000;
import static io.optout.schema.Columns.RECOMMENDED_CAP;
import static io.optout.schema.Columns.STEP_AT;
import static io.optout.schema.Columns.USERS_ABOVE;
import static io.optout.schema.Columns.USERS_BELOW;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.CONSENT_CHANNEL;
import static io.optout.schema.tables.SharedColumns.LOCAL_DAY;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_frequency_cap (docs/metrics.md section 9, docs/why.md). Grain: one row per (day, app_id,
 * channel) with push fatigue rows in the optout.cap.period-days days up to the day. Example
 * question: "How many pushes a week can we send before users start opting out faster?"
 */
public final class FrequencyCapTable {
  private FrequencyCapTable() {}

  public static final String NAME = "optout_frequency_cap";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Where the opt-out risk steps up with the pushes a user received in the last"
              + " optout.push.window-days days: the fatigue curve (optout_push_fatigue) of the"
              + " optout.cap.period-days days up to the day, pooled per push count from 1 on, the"
              + " best split into a lower and a higher rate, its p-value and the cap that keeps"
              + " users below the step.",
          List.of(
              LOCAL_DAY,
              APP,
              CONSENT_CHANNEL,
              column(
                  STEP_AT,
                  IntegerType,
                  "The push count k from which the risk is higher: the eligible candidate with"
                      + " the greatest log-likelihood ratio (ties: the smallest k)."),
              column(
                  ELIGIBLE_CANDIDATES,
                  IntegerType,
                  "Candidates k with at least optout.cap.min-users users on both sides and a"
                      + " higher rate above."),
              column(USERS_BELOW, LongType, "Users at risk with 1 .. step_at - 1 pushes."),
              column(OPT_OUTS_BELOW, LongType, "Their opt-outs."),
              column(USERS_ABOVE, LongType, "Users at risk with step_at pushes or more."),
              column(OPT_OUTS_ABOVE, LongType, "Their opt-outs."),
              column(RATE_BELOW_PER_1000, DoubleType, "1000 * opt_outs_below / users_below."),
              column(RATE_ABOVE_PER_1000, DoubleType, "1000 * opt_outs_above / users_above."),
              column(
                  P_VALUE,
                  DoubleType,
                  "min(1, eligible_candidates * Fisher's exact one-sided p-value of above against"
                      + " below)."),
              column(IS_SIGNIFICANT, BooleanType, "p_value <= optout.cap.alpha."),
              column(
                  RECOMMENDED_CAP,
                  IntegerType,
                  "step_at - 1 when significant, else null: pushes per window-days that keep"
                      + " users below the step.")));
}
