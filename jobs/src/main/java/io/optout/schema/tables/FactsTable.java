package io.optout.schema.tables;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.LAST_INTERACTED_CAMPAIGN_ID;
import static io.optout.schema.Columns.LAST_RECEIVED_CAMPAIGN_ID;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.PUSHES_RECEIVED;
import static io.optout.schema.Columns.SOURCE;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.OPT_OUT_INSTANT;
import static io.optout.schema.tables.SharedColumns.USER;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/** optout_facts: one row per opt-out. */
public final class FactsTable {
  private FactsTable() {}

  public static final String NAME = "optout_facts";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "One row per opt-out: an opt_out consent change whose previous state for (app_id,"
              + " user_id, channel) was opt_in or unknown. Repeated opt_out rows while already"
              + " opted out are not opt-outs.",
          List.of(
              column(APP_ID, StringType, "App the user belongs to."),
              USER,
              WITHDRAWN_CHANNEL,
              OPT_OUT_INSTANT,
              column(
                  OPT_OUT_DATE,
                  DateType,
                  "Local calendar date of the opt-out in the reporting time zone"
                      + " (optout.timezone). Partition column."),
              column(
                  PLATFORM,
                  StringType,
                  "Platform on the opt-out row (ios, android, web), lower-cased; null when"
                      + " unknown."),
              column(
                  SOURCE,
                  StringType,
                  "Where the opt-out came from (settings, os_prompt, unsubscribe_link, api, ...),"
                      + " lower-cased."),
              column(
                  EXTERNAL_ID,
                  StringType,
                  "Customer's own user id: the value on the opt-out row, else the latest non-null"
                      + " value on an earlier consent row of the same app and user."),
              column(
                  DEVICE_ID,
                  StringType,
                  "Device id: the value on the opt-out row, else the latest non-null value on an"
                      + " earlier consent row of the same app and user."),
              column(
                  PUSHES_RECEIVED,
                  IntegerType,
                  "Distinct push messages received (optout.push.received-event-types) by the user"
                      + " in the optout.push.window-days days before the opt-out; uncapped."),
              column(
                  LAST_RECEIVED_CAMPAIGN_ID,
                  StringType,
                  "Campaign of the last received push in the attribution window before the"
                      + " opt-out; null for none."),
              column(
                  LAST_INTERACTED_CAMPAIGN_ID,
                  StringType,
                  "Campaign of the last opened or clicked push in the attribution window before"
                      + " the opt-out; null for none.")));
}
