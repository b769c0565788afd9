package io.optout.schema.tables;

import static io.optout.schema.Columns.CHANGED_AT;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.CONSENT_CHANNEL;
import static io.optout.schema.tables.SharedColumns.USER;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_consent_state: the latest consent state per (app_id, user_id, channel) as of the end of
 * all consent input the last run read. Read by the export for currently_opted_out.
 */
public final class ConsentStateTable {
  private ConsentStateTable() {}

  public static final String NAME = "optout_consent_state";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          null,
          "Latest consent state per app, user and channel, as of the end of the consent input the"
              + " last run read.",
          List.of(
              APP,
              USER,
              CONSENT_CHANNEL,
              column(STATUS, StringType, "Latest status: opt_in or opt_out."),
              column(
                  CHANGED_AT, TimestampType, "event_time of the latest consent row for this key."),
              column(
                  EXTERNAL_ID,
                  StringType,
                  "Latest non-null external_id of the user (any channel)."),
              column(
                  DEVICE_ID, StringType, "Latest non-null device_id of the user (any channel).")));
}
