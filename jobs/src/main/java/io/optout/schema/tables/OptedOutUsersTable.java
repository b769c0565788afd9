package io.optout.schema.tables;

import static io.optout.schema.Columns.CURRENTLY_OPTED_OUT;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.FIRST_OPT_OUT_TIME;
import static io.optout.schema.Columns.LAST_OPT_OUT_TIME;
import static io.optout.schema.Columns.OPT_OUT_COUNT;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.USER;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * The export of docs/metrics.md section 7 (not a Delta table): one row per (app_id, user_id,
 * channel) with at least one opt-out in the selected date range. The file columns, in this order.
 */
public final class OptedOutUsersTable {
  private OptedOutUsersTable() {}

  public static final String NAME = "opted_out_users";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          null,
          "Users with at least one opt-out whose opt_out_date lies in the export range, one row"
              + " per app, user and channel.",
          List.of(
              APP,
              USER,
              column(
                  EXTERNAL_ID,
                  StringType,
                  "Customer's own user id, from the latest opt-out in the range."),
              column(DEVICE_ID, StringType, "Device id, from the latest opt-out in the range."),
              WITHDRAWN_CHANNEL,
              column(
                  FIRST_OPT_OUT_TIME, TimestampType, "First opt-out in the range (UTC instant)."),
              column(
                  LAST_OPT_OUT_TIME, TimestampType, "Latest opt-out in the range (UTC instant)."),
              column(OPT_OUT_COUNT, LongType, "Opt-outs of this user and channel in the range."),
              column(
                  CURRENTLY_OPTED_OUT,
                  BooleanType,
                  "True when the latest consent state the pipeline knows (optout_consent_state)"
                      + " is opt_out; false when it is opt_in; null when the pipeline has no"
                      + " state for the key.")));
}
