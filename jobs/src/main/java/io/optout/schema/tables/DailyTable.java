package io.optout.schema.tables;

import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.NET_CHANGE;
import static io.optout.schema.Columns.OPTED_OUT_USERS;
import static io.optout.schema.Columns.OPT_INS;
import static io.optout.schema.Columns.OPT_OUTS;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.CONSENT_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/** optout_daily: one row per day, app, channel, platform. */
public final class DailyTable {
  private DailyTable() {}

  public static final String NAME = "optout_daily";
  public static final String UNKNOWN_PLATFORM = "unknown";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          DAY,
          "Consent changes per local day, app, channel and platform: opt-outs, opt-ins and their"
              + " difference.",
          List.of(
              column(
                  DAY,
                  DateType,
                  "Local calendar date of the consent change in the reporting time zone."
                      + " Partition column."),
              APP,
              CONSENT_CHANNEL,
              column(
                  PLATFORM,
                  StringType,
                  "Platform of the consent row; 'unknown' when the row has none."),
              column(
                  OPT_OUTS,
                  LongType,
                  "Opt-outs that day (repeats while already opted out excluded)."),
              column(
                  OPT_INS,
                  LongType,
                  "Opt-ins that day: opt_in rows whose previous state was opt_out or unknown."),
              column(NET_CHANGE, LongType, "opt_ins - opt_outs."),
              column(
                  OPTED_OUT_USERS,
                  LongType,
                  "Distinct users with at least one opt-out that day.")));
}
