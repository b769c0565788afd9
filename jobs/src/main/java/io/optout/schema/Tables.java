package io.optout.schema;

import static org.apache.spark.sql.types.DataTypes.*;

import io.optout.schema.TableSpec.ColumnSpec;
import java.util.List;

/**
 * Every output table of SPEC section 5: names, grain, column order, types and the comments BI
 * users see. Column names used by the transformations are the constants of the nested classes.
 */
public final class Tables {
  private Tables() {}

  /**
   * Every output table, in SPEC order. A new table's {@code SPEC} is added here: maintenance,
   * catalog registration and the non-Spark readability test go through this list.
   */
  public static List<TableSpec> all() {
    return List.of(Facts.SPEC, Daily.SPEC, Rejects.SPEC, Runs.SPEC, ConsentState.SPEC);
  }

  /** The output table called {@code name}, if there is one. */
  public static java.util.Optional<TableSpec> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static ColumnSpec c(String name, org.apache.spark.sql.types.DataType type, String comment) {
    return new ColumnSpec(name, type, comment);
  }

  /** optout_facts: one row per opt-out. */
  public static final class Facts {
    private Facts() {}

    public static final String NAME = "optout_facts";
    public static final String APP_ID = "app_id";
    public static final String USER_ID = "user_id";
    public static final String CHANNEL = "channel";
    public static final String OPT_OUT_TIME = "opt_out_time";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String PLATFORM = "platform";
    public static final String SOURCE = "source";
    public static final String EXTERNAL_ID = "external_id";
    public static final String DEVICE_ID = "device_id";
    public static final String PUSHES_RECEIVED = "pushes_received";
    public static final String LAST_RECEIVED_CAMPAIGN_ID = "last_received_campaign_id";
    public static final String LAST_INTERACTED_CAMPAIGN_ID = "last_interacted_campaign_id";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "One row per opt-out: an opt_out consent change whose previous state for (app_id, user_id, channel) was opt_in or unknown. Repeated opt_out rows while already opted out are not opt-outs.",
            List.of(
                c(APP_ID, StringType, "App the user belongs to."),
                c(USER_ID, StringType, "Internal user id."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(OPT_OUT_TIME, TimestampType, "Instant of the opt-out (UTC instant)."),
                c(OPT_OUT_DATE, DateType, "Local calendar date of the opt-out in the reporting time zone (optout.timezone). Partition column."),
                c(PLATFORM, StringType, "Platform on the opt-out row (ios, android, web), lower-cased; null when unknown."),
                c(SOURCE, StringType, "Where the opt-out came from (settings, os_prompt, unsubscribe_link, api, ...), lower-cased."),
                c(EXTERNAL_ID, StringType, "Customer's own user id: the value on the opt-out row, else the latest non-null value on an earlier consent row of the same app and user."),
                c(DEVICE_ID, StringType, "Device id: the value on the opt-out row, else the latest non-null value on an earlier consent row of the same app and user."),
                c(PUSHES_RECEIVED, IntegerType, "Distinct push messages received (optout.push.received-event-types) by the user in the optout.push.window-days days before the opt-out; uncapped."),
                c(LAST_RECEIVED_CAMPAIGN_ID, StringType, "Campaign of the last received push in the attribution window before the opt-out; null for none."),
                c(LAST_INTERACTED_CAMPAIGN_ID, StringType, "Campaign of the last opened or clicked push in the attribution window before the opt-out; null for none.")));
  }

  /** optout_daily: one row per day, app, channel, platform. */
  public static final class Daily {
    private Daily() {}

    public static final String NAME = "optout_daily";
    public static final String DAY = "day";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String PLATFORM = "platform";
    public static final String OPT_OUTS = "opt_outs";
    public static final String OPT_INS = "opt_ins";
    public static final String NET_CHANGE = "net_change";
    public static final String OPTED_OUT_USERS = "opted_out_users";
    public static final String UNKNOWN_PLATFORM = "unknown";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            DAY,
            "Consent changes per local day, app, channel and platform: opt-outs, opt-ins and their difference.",
            List.of(
                c(DAY, DateType, "Local calendar date of the consent change in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(PLATFORM, StringType, "Platform of the consent row; 'unknown' when the row has none."),
                c(OPT_OUTS, LongType, "Opt-outs that day (repeats while already opted out excluded)."),
                c(OPT_INS, LongType, "Opt-ins that day: opt_in rows whose previous state was opt_out or unknown."),
                c(NET_CHANGE, LongType, "opt_ins - opt_outs."),
                c(OPTED_OUT_USERS, LongType, "Distinct users with at least one opt-out that day.")));
  }

  /** optout_rejects: one row per rejected input row. */
  public static final class Rejects {
    private Rejects() {}

    public static final String NAME = "optout_rejects";
    public static final String LAKE = "lake";
    /** The input partition the row came from ({@code dt}); null for the unpartitioned campaign lake. */
    public static final String INPUT_DT = "input_dt";
    public static final String RULE = "rule";
    public static final String RAW = "raw";
    public static final String RUN_ID = "run_id";
    public static final String REJECTED_AT = "rejected_at";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            null,
            "Input rows that broke the data contract and were left out of every metric. Each run replaces the rejects of the input partitions it read.",
            List.of(
                c(LAKE, StringType, "Input lake: consent, push, campaign or event."),
                c(INPUT_DT, DateType, "Input partition (dt) the row was read from; null for the campaign lake."),
                c(RULE, StringType, "The rule the row broke, e.g. 'user_id: required' or 'status: not one of opt_in, opt_out'."),
                c(RAW, StringType, "The raw input row as JSON."),
                c(RUN_ID, StringType, "Run that rejected the row."),
                c(REJECTED_AT, TimestampType, "When the row was rejected.")));
  }

  /** optout_runs: one row per run, failed runs included. */
  public static final class Runs {
    private Runs() {}

    public static final String NAME = "optout_runs";
    public static final String RUN_ID = "run_id";
    public static final String JOB = "job";
    public static final String STATUS = "status";
    public static final String WINDOW_FROM = "window_from";
    public static final String WINDOW_TO = "window_to";
    public static final String AS_OF = "as_of";
    public static final String ROWS_READ = "rows_read";
    public static final String ROWS_USED = "rows_used";
    public static final String ROWS_REJECTED = "rows_rejected";
    public static final String ROWS_DUPLICATE = "rows_duplicate";
    public static final String ROWS_WRITTEN = "rows_written";
    public static final String STARTED_AT = "started_at";
    public static final String FINISHED_AT = "finished_at";
    public static final String ERROR = "error";
    public static final String STARTED_DATE = "started_date";

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private static final org.apache.spark.sql.types.DataType PER_LAKE = createMapType(StringType, LongType);

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            STARTED_DATE,
            "One row per pipeline run, failed runs included: its window, as-of date, row accounting per lake and rows written per table.",
            List.of(
                c(RUN_ID, StringType, "Unique run id."),
                c(JOB, StringType, "Job: run (nightly), run-range (ad-hoc window), export, maintain."),
                c(STATUS, StringType, "succeeded or failed."),
                c(WINDOW_FROM, DateType, "First opt-out date recomputed."),
                c(WINDOW_TO, DateType, "Last opt-out date recomputed."),
                c(AS_OF, DateType, "As-of date: input complete through the end of this local day."),
                c(ROWS_READ, PER_LAKE, "Rows read per lake."),
                c(ROWS_USED, PER_LAKE, "Rows used per lake (read - rejected - exact duplicates)."),
                c(ROWS_REJECTED, PER_LAKE, "Rows rejected per lake."),
                c(ROWS_DUPLICATE, PER_LAKE, "Exact duplicate rows removed per lake."),
                c(ROWS_WRITTEN, PER_LAKE, "Rows written per output table."),
                c(STARTED_AT, TimestampType, "Run start."),
                c(FINISHED_AT, TimestampType, "Run end."),
                c(ERROR, StringType, "Error message of a failed run; null otherwise."),
                c(STARTED_DATE, DateType, "UTC date the run started. Partition column.")));
  }

  /**
   * optout_consent_state: the latest consent state per (app_id, user_id, channel) as of the end of
   * all consent input the last run read. Read by the export for currently_opted_out.
   */
  public static final class ConsentState {
    private ConsentState() {}

    public static final String NAME = "optout_consent_state";
    public static final String APP_ID = "app_id";
    public static final String USER_ID = "user_id";
    public static final String CHANNEL = "channel";
    public static final String STATUS = "status";
    public static final String CHANGED_AT = "changed_at";
    public static final String EXTERNAL_ID = "external_id";
    public static final String DEVICE_ID = "device_id";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            null,
            "Latest consent state per app, user and channel, as of the end of the consent input the last run read.",
            List.of(
                c(APP_ID, StringType, "App."),
                c(USER_ID, StringType, "Internal user id."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(STATUS, StringType, "Latest status: opt_in or opt_out."),
                c(CHANGED_AT, TimestampType, "event_time of the latest consent row for this key."),
                c(EXTERNAL_ID, StringType, "Latest non-null external_id of the user (any channel)."),
                c(DEVICE_ID, StringType, "Latest non-null device_id of the user (any channel).")));
  }
}
