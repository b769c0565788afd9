package io.optout.schema.tables;

import static io.optout.schema.Columns.CASCADE_FROM;
import static io.optout.schema.Columns.CAUSE;
import static io.optout.schema.Columns.HOURS_TO_REOPT_IN;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.REOPT_IN_TIME;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static io.optout.schema.tables.SharedColumns.OPT_OUT_INSTANT;
import static io.optout.schema.tables.SharedColumns.USER;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_causes (docs/metrics.md section 9, docs/why.md). Grain: one row per opt-out, as
 * optout_facts. Example question: "How many of last week's push opt-outs were dead devices rather
 * than users' choices, and did those users come back?"
 */
public final class CausesTable {
  private CausesTable() {}

  public static final String NAME = "optout_causes";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "The likely cause of each opt-out, read from the data around it (a heuristic, not the"
              + " user's stated reason), and the key's next opt-in.",
          List.of(
              APP,
              USER,
              WITHDRAWN_CHANNEL,
              OPT_OUT_INSTANT,
              OPT_OUTS_DATE,
              column(
                  CAUSE,
                  StringType,
                  "The first rule that holds: token_invalid (push: the latest push events of the"
                      + " optout.causes.failure-days days before include a failure), cascade (an"
                      + " opt-out on another channel in the optout.causes.cascade-days days"
                      + " before), dormant (no app event in the optout.causes.dormant-days days"
                      + " before), after_push (a received push in the"
                      + " optout.causes.reaction-minutes minutes before), other."),
              column(
                  CASCADE_FROM,
                  StringType,
                  "For cascade: the channel of the latest such opt-out (ties: the smallest"
                      + " name); null for every other cause."),
              column(
                  REOPT_IN_TIME,
                  TimestampType,
                  "First opt-in of the same key after the opt-out (UTC instant); null when none."),
              column(
                  HOURS_TO_REOPT_IN,
                  DoubleType,
                  "(reopt_in_time - opt_out_time) in hours; null when none.")));
}
