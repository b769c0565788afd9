package io.optout.schema.tables;

import static io.optout.schema.Columns.BUCKET;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.OPT_OUTS_PER_1000;
import static io.optout.schema.Columns.PUSHES_RECEIVED;
import static io.optout.schema.Columns.USERS_AT_RISK;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.LOCAL_DAY;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_push_fatigue (docs/metrics.md section 8, docs/insights.md): the hazard curve. Grain: one
 * row per (day, app_id, channel, bucket) with at least one key at risk. Example question: "Do users
 * who got 8 pushes last week opt out of push more often than those who got 2?"
 */
public final class PushFatigueTable {
  private PushFatigueTable() {}

  public static final String NAME = "optout_push_fatigue";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Opt-out hazard by recent push volume: the keys (app, user, channel) opted in at local"
              + " midnight, bucketed by the distinct pushes the user received in the"
              + " optout.push.window-days days before that midnight, and how many of them opted"
              + " out that day. A rising opt_outs_per_1000 over the buckets says volume drives"
              + " opt-outs; a flat one says it does not.",
          List.of(
              LOCAL_DAY,
              APP,
              column(
                  CHANNEL,
                  StringType,
                  "Consent channel the keys are opted in to: push, email or sms (pushes are"
                      + " counted per user, whatever the channel)."),
              column(
                  PUSHES_RECEIVED,
                  IntegerType,
                  "Distinct pushes received (optout.push.received-event-types) in [midnight -"
                      + " window-days*24h, midnight), capped at optout.push.histogram-cap: sort"
                      + " buckets by this column."),
              column(
                  BUCKET,
                  StringType,
                  "Bucket label: '0', '1', ... and e.g. '10+' for the cap bucket (as"
                      + " optout_push_histogram)."),
              column(
                  USERS_AT_RISK,
                  LongType,
                  "Keys in state opt_in at local midnight starting the day, in this bucket."),
              column(
                  OPT_OUTS,
                  LongType,
                  "Keys at risk in this bucket with at least one opt-out that day."),
              column(OPT_OUTS_PER_1000, DoubleType, "1000 * opt_outs / users_at_risk.")));
}
