package io.optout.schema.tables;

import static io.optout.schema.Columns.COHORT;
import static io.optout.schema.Columns.EVENT_NAME;
import static io.optout.schema.Columns.IS_FINAL;
import static io.optout.schema.Columns.LOOKBACK_DAYS;
import static io.optout.schema.Columns.OPT_OUT_DATE;
import static io.optout.schema.Columns.TOTAL_EVENTS;
import static io.optout.schema.Columns.UNIQUE_USERS;
import static io.optout.schema.TableSpec.column;
import static io.optout.schema.tables.SharedColumns.APP;
import static io.optout.schema.tables.SharedColumns.OPT_OUTS_DATE;
import static io.optout.schema.tables.SharedColumns.WITHDRAWN_CHANNEL;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_last_events. Grain: one row per (opt_out_date, app_id, channel, lookback_days, cohort,
 * event_name). Example question: "What did users who churned after opting out do in the 7 days
 * before, compared with those who stayed?"
 */
public final class LastEventsTable {
  private LastEventsTable() {}

  public static final String NAME = "optout_last_events";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          OPT_OUT_DATE,
          "App events users did in the x days before opting out (x in"
              + " optout.cohort.lookback-days), per event name, split by the opt-out's"
              + " retain/churn cohort for the same x.",
          List.of(
              OPT_OUTS_DATE,
              APP,
              WITHDRAWN_CHANNEL,
              column(
                  LOOKBACK_DAYS,
                  IntegerType,
                  "Lookback x in days: events in [opt_out_time - x days, opt_out_time)."),
              column(
                  COHORT,
                  StringType,
                  "Cohort of the opt-out for the same lookback: retain or churn."),
              column(EVENT_NAME, StringType, "App event name."),
              column(
                  TOTAL_EVENTS,
                  LongType,
                  "Occurrences of the event in the window, counted per opt-out (an event inside"
                      + " the windows of two opt-outs counts for each); events with the same"
                      + " event_id count once."),
              column(UNIQUE_USERS, LongType, "Distinct users who did the event in the window."),
              column(
                  IS_FINAL,
                  BooleanType,
                  "True when opt_out_date + x <= the run's as-of date (the cohort can no longer"
                      + " change).")));
}
