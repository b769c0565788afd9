package io.optout.schema.tables;

import static io.optout.schema.Columns.BUCKET;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.PUSHES_RECEIVED;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_push_histogram. Grain: one row per (opt_out_date, app_id, channel, bucket). Keys: those
 * four columns. Only buckets with at least one opt-out appear (no zero rows). Example question: "Of
 * last week's push opt-outs in app A, how many had received 10 or more pushes in the 7 days
 * before?"
 */
public final class PushHistogramTable {
  private PushHistogramTable() {}

  public static final String NAME = "optout_push_histogram";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "Opt-outs by push pressure: how many distinct pushes each user received in the"
              + " optout.push.window-days days before opting out, bucketed 0 .. cap-1 and cap+"
              + " (optout.push.histogram-cap). Only buckets with opt-outs appear.",
          List.of(
              OPT_OUTS_DATE,
              APP,
              column(
                  CHANNEL,
                  StringType,
                  "Consent channel withdrawn: push, email or sms (push pressure is counted for"
                      + " every channel)."),
              column(
                  PUSHES_RECEIVED,
                  IntegerType,
                  "Pushes received, capped at the histogram cap: sort buckets by this column."),
              column(
                  BUCKET,
                  StringType,
                  "Bucket label: '0', '1', ... and e.g. '10+' for the cap bucket."),
              column(OPT_OUTS, LongType, "Opt-outs in this bucket.")));
}
