package io.optout.schema.tables;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.DAY;
import static io.optout.schema.Columns.LOOKBACK_DAYS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.OPT_OUT_TIME;
import static io.optout.schema.Columns.USER_ID;
import static io.optout.schema.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec.ColumnSpec;

/** Columns that several tables define alike: the same name, type and comment. */
final class SharedColumns {
  private SharedColumns() {}

  static final ColumnSpec APP = column(APP_ID, StringType, "App.");
  static final ColumnSpec USER = column(USER_ID, StringType, "Internal user id.");

  static final ColumnSpec CONSENT_CHANNEL =
      column(CHANNEL, StringType, "Consent channel: push, email or sms.");

  /** The channel of an opt-out. */
  static final ColumnSpec WITHDRAWN_CHANNEL =
      column(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms.");

  static final ColumnSpec OPT_OUT_INSTANT =
      column(OPT_OUT_TIME, TimestampType, "Instant of the opt-out (UTC instant).");

  /** The partition column of the tables that count opt-outs per opt-out date. */
  static final ColumnSpec OPT_OUTS_DATE =
      column(
          OPT_OUT_DATE,
          DateType,
          "Local date of the opt-outs in the reporting time zone. Partition column.");

  /** The partition column of the section 8 tables (docs/insights.md). */
  static final ColumnSpec LOCAL_DAY =
      column(DAY, DateType, "Local calendar date in the reporting time zone. Partition column.");

  static final ColumnSpec LOOKBACK = column(LOOKBACK_DAYS, IntegerType, "Lookback x in days.");
}
