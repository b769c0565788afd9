package io.optout.report;

import static org.apache.spark.sql.types.DataTypes.*;

import io.optout.schema.TableSpec;
import io.optout.schema.TableSpec.ColumnSpec;
import java.util.List;

/**
 * The rate, fatigue and spike tables of SPEC section 8, as the report reads them. They are written
 * by the insights work on another branch; until it is merged their names and columns live here
 * (once merged, these point at schema/Tables). A warehouse written before them lacks them: the
 * report says so instead of failing.
 */
public final class InsightTables {
  private InsightTables() {}

  public static final String DAY = "day";
  public static final String APP_ID = "app_id";
  public static final String CHANNEL = "channel";
  public static final String OPT_OUTS = "opt_outs";

  /** optout_base: keys opted in / out at the start of each day, and that day's opt-out rate. */
  public static final class Base {
    private Base() {}

    public static final String NAME = "optout_base";
    public static final String OPTED_IN_START = "opted_in_start";
    public static final String OPTED_OUT_START = "opted_out_start";
    public static final String OPT_INS = "opt_ins";
    public static final String OPT_OUT_RATE = "opt_out_rate";

    public static final TableSpec SPEC =
        new TableSpec(NAME, DAY, "Opt-out rate per day, app and channel (SPEC section 8).",
            List.of(
                c(DAY, DateType), c(APP_ID, StringType), c(CHANNEL, StringType),
                c(OPTED_IN_START, LongType), c(OPTED_OUT_START, LongType),
                c(OPT_OUTS, LongType), c(OPT_INS, LongType), c(OPT_OUT_RATE, DoubleType)));
  }

  /** optout_push_fatigue: keys at risk and their opt-outs per push-count bucket and day. */
  public static final class Fatigue {
    private Fatigue() {}

    public static final String NAME = "optout_push_fatigue";
    public static final String PUSHES_RECEIVED = "pushes_received";
    public static final String BUCKET = "bucket";
    public static final String USERS_AT_RISK = "users_at_risk";
    public static final String OPT_OUTS_PER_1000 = "opt_outs_per_1000";

    public static final TableSpec SPEC =
        new TableSpec(NAME, DAY, "Opt-outs per 1,000 users at risk by pushes received (SPEC section 8).",
            List.of(
                c(DAY, DateType), c(APP_ID, StringType), c(CHANNEL, StringType),
                c(PUSHES_RECEIVED, IntegerType), c(BUCKET, StringType), c(USERS_AT_RISK, LongType),
                c(OPT_OUTS, LongType), c(OPT_OUTS_PER_1000, DoubleType)));
  }

  /** optout_spikes: each day's opt-outs against a median baseline, with the top campaign. */
  public static final class Spikes {
    private Spikes() {}

    public static final String NAME = "optout_spikes";
    public static final String BASELINE = "baseline";
    public static final String MAD = "mad";
    public static final String THRESHOLD = "threshold";
    public static final String IS_SPIKE = "is_spike";
    public static final String TOP_CAMPAIGN_ID = "top_campaign_id";
    public static final String TOP_CAMPAIGN_NAME = "top_campaign_name";
    public static final String TOP_CAMPAIGN_OPT_OUTS = "top_campaign_opt_outs";

    public static final TableSpec SPEC =
        new TableSpec(NAME, DAY, "Opt-out spikes per day, app and channel (SPEC section 8).",
            List.of(
                c(DAY, DateType), c(APP_ID, StringType), c(CHANNEL, StringType), c(OPT_OUTS, LongType),
                c(BASELINE, DoubleType), c(MAD, DoubleType), c(THRESHOLD, DoubleType), c(IS_SPIKE, BooleanType),
                c(TOP_CAMPAIGN_ID, StringType), c(TOP_CAMPAIGN_NAME, StringType), c(TOP_CAMPAIGN_OPT_OUTS, LongType)));
  }

  private static ColumnSpec c(String name, org.apache.spark.sql.types.DataType type) {
    return new ColumnSpec(name, type, name);
  }
}
