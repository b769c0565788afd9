package io.optout.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import io.optout.schema.TableSpec.ColumnSpec;
import java.util.List;

/**
 * Every output table of docs/metrics.md sections 5 and 8: names, grain, column order, types and the
 * comments BI users see. Column names used by the transformations are the constants of the nested
 * classes.
 */
public final class Tables {
  private Tables() {}

  /**
   * Every output table, in the order of docs/metrics.md (section 5, then section 8). A new table's
   * {@code SPEC} is added here: maintenance, catalog registration, `query` and the non-Spark
   * readability test go through this list.
   */
  public static List<TableSpec> all() {
    return List.of(
        Facts.SPEC,
        Daily.SPEC,
        PushHistogram.SPEC,
        LastCampaignSummary.SPEC,
        Cohorts.SPEC,
        LastEvents.SPEC,
        UserCohorts.SPEC,
        CampaignReach.SPEC,
        Rejects.SPEC,
        Runs.SPEC,
        ConsentState.SPEC,
        ConsentCheckpoint.SPEC,
        Base.SPEC,
        Fatigue.SPEC,
        Spikes.SPEC);
  }

  /** The output table called {@code name}, if there is one. */
  public static java.util.Optional<TableSpec> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static ColumnSpec c(
      String name, org.apache.spark.sql.types.DataType type, String comment) {
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
            "One row per opt-out: an opt_out consent change whose previous state for (app_id,"
                + " user_id, channel) was opt_in or unknown. Repeated opt_out rows while already"
                + " opted out are not opt-outs.",
            List.of(
                c(APP_ID, StringType, "App the user belongs to."),
                c(USER_ID, StringType, "Internal user id."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(OPT_OUT_TIME, TimestampType, "Instant of the opt-out (UTC instant)."),
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local calendar date of the opt-out in the reporting time zone"
                        + " (optout.timezone). Partition column."),
                c(
                    PLATFORM,
                    StringType,
                    "Platform on the opt-out row (ios, android, web), lower-cased; null when"
                        + " unknown."),
                c(
                    SOURCE,
                    StringType,
                    "Where the opt-out came from (settings, os_prompt, unsubscribe_link, api, ...),"
                        + " lower-cased."),
                c(
                    EXTERNAL_ID,
                    StringType,
                    "Customer's own user id: the value on the opt-out row, else the latest non-null"
                        + " value on an earlier consent row of the same app and user."),
                c(
                    DEVICE_ID,
                    StringType,
                    "Device id: the value on the opt-out row, else the latest non-null value on an"
                        + " earlier consent row of the same app and user."),
                c(
                    PUSHES_RECEIVED,
                    IntegerType,
                    "Distinct push messages received (optout.push.received-event-types) by the user"
                        + " in the optout.push.window-days days before the opt-out; uncapped."),
                c(
                    LAST_RECEIVED_CAMPAIGN_ID,
                    StringType,
                    "Campaign of the last received push in the attribution window before the"
                        + " opt-out; null for none."),
                c(
                    LAST_INTERACTED_CAMPAIGN_ID,
                    StringType,
                    "Campaign of the last opened or clicked push in the attribution window before"
                        + " the opt-out; null for none.")));
  }

  /**
   * The export of docs/metrics.md section 7 (not a Delta table): one row per (app_id, user_id,
   * channel) with at least one opt-out in the selected date range. The file columns, in this order.
   */
  public static final class Export {
    private Export() {}

    public static final String NAME = "opted_out_users";
    public static final String APP_ID = "app_id";
    public static final String USER_ID = "user_id";
    public static final String EXTERNAL_ID = "external_id";
    public static final String DEVICE_ID = "device_id";
    public static final String CHANNEL = "channel";
    public static final String FIRST_OPT_OUT_TIME = "first_opt_out_time";
    public static final String LAST_OPT_OUT_TIME = "last_opt_out_time";
    public static final String OPT_OUT_COUNT = "opt_out_count";
    public static final String CURRENTLY_OPTED_OUT = "currently_opted_out";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            null,
            "Users with at least one opt-out whose opt_out_date lies in the export range, one row"
                + " per app, user and channel.",
            List.of(
                c(APP_ID, StringType, "App."),
                c(USER_ID, StringType, "Internal user id."),
                c(
                    EXTERNAL_ID,
                    StringType,
                    "Customer's own user id, from the latest opt-out in the range."),
                c(DEVICE_ID, StringType, "Device id, from the latest opt-out in the range."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(FIRST_OPT_OUT_TIME, TimestampType, "First opt-out in the range (UTC instant)."),
                c(LAST_OPT_OUT_TIME, TimestampType, "Latest opt-out in the range (UTC instant)."),
                c(OPT_OUT_COUNT, LongType, "Opt-outs of this user and channel in the range."),
                c(
                    CURRENTLY_OPTED_OUT,
                    BooleanType,
                    "True when the latest consent state the pipeline knows (optout_consent_state)"
                        + " is opt_out; false when it is opt_in; null when the pipeline has no"
                        + " state for the key.")));
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
            "Consent changes per local day, app, channel and platform: opt-outs, opt-ins and their"
                + " difference.",
            List.of(
                c(
                    DAY,
                    DateType,
                    "Local calendar date of the consent change in the reporting time zone."
                        + " Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(
                    PLATFORM,
                    StringType,
                    "Platform of the consent row; 'unknown' when the row has none."),
                c(
                    OPT_OUTS,
                    LongType,
                    "Opt-outs that day (repeats while already opted out excluded)."),
                c(
                    OPT_INS,
                    LongType,
                    "Opt-ins that day: opt_in rows whose previous state was opt_out or unknown."),
                c(NET_CHANGE, LongType, "opt_ins - opt_outs."),
                c(
                    OPTED_OUT_USERS,
                    LongType,
                    "Distinct users with at least one opt-out that day.")));
  }

  /** optout_rejects: one row per rejected input row. */
  public static final class Rejects {
    private Rejects() {}

    public static final String NAME = "optout_rejects";
    public static final String LAKE = "lake";

    /**
     * The input partition the row came from ({@code dt}); null for the unpartitioned campaign lake.
     */
    public static final String INPUT_DT = "input_dt";

    public static final String RULE = "rule";
    public static final String RAW = "raw";
    public static final String RUN_ID = "run_id";
    public static final String REJECTED_AT = "rejected_at";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            null,
            "Input rows that broke the data contract and were left out of every metric. Each run"
                + " replaces the rejects of the input partitions it read.",
            List.of(
                c(LAKE, StringType, "Input lake: consent, push, campaign or event."),
                c(
                    INPUT_DT,
                    DateType,
                    "Input partition (dt) the row was read from; null for the campaign lake."),
                c(
                    RULE,
                    StringType,
                    "The rule the row broke, e.g. 'user_id: required' or 'status: not one of"
                        + " opt_in, opt_out'."),
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
    public static final String PHASE_MILLIS = "phase_millis";
    public static final String PHASE_SHUFFLE_BYTES = "phase_shuffle_bytes";
    public static final String SKIPPED_FILES = "skipped_files";

    /** Delta version each table was committed at by this run (on succeeded rows). */
    public static final String TABLE_VERSIONS = "table_versions";

    /** status of the row written when a run starts; a run without a later row never finished. */
    public static final String STARTED = "started";

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private static final org.apache.spark.sql.types.DataType PER_LAKE =
        createMapType(StringType, LongType);

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            STARTED_DATE,
            "Two rows per pipeline run, same run_id: status started when it starts, then succeeded"
                + " or failed at its end (a run with only the started row was killed or is still"
                + " running). Window, as-of date, row accounting per lake, rows written and Delta"
                + " version committed per table.",
            List.of(
                c(RUN_ID, StringType, "Unique run id."),
                c(
                    JOB,
                    StringType,
                    "Job: run (nightly run --date) or run-range (ad-hoc run --from --to)."),
                c(
                    STATUS,
                    StringType,
                    "started (written before the run reads or writes anything), succeeded or"
                        + " failed."),
                c(WINDOW_FROM, DateType, "First opt-out date recomputed."),
                c(WINDOW_TO, DateType, "Last opt-out date recomputed."),
                c(AS_OF, DateType, "As-of date: input complete through the end of this local day."),
                c(ROWS_READ, PER_LAKE, "Rows read per lake."),
                c(ROWS_USED, PER_LAKE, "Rows used per lake (read - rejected - exact duplicates)."),
                c(ROWS_REJECTED, PER_LAKE, "Rows rejected per lake."),
                c(ROWS_DUPLICATE, PER_LAKE, "Exact duplicate rows removed per lake."),
                c(ROWS_WRITTEN, PER_LAKE, "Rows written per output table."),
                c(STARTED_AT, TimestampType, "Run start."),
                c(FINISHED_AT, TimestampType, "Run end; null on the started row."),
                c(ERROR, StringType, "Error message of a failed run; null otherwise."),
                c(STARTED_DATE, DateType, "UTC date the run started. Partition column."),
                c(
                    PHASE_MILLIS,
                    PER_LAKE,
                    "Wall-clock milliseconds per phase (reading each lake, each metric, each table"
                        + " write); parallel writes overlap."),
                c(
                    PHASE_SHUFFLE_BYTES,
                    PER_LAKE,
                    "Bytes shuffled per phase (phases without a shuffle are left out)."),
                c(
                    SKIPPED_FILES,
                    createArrayType(StringType),
                    "Input files and folders the run left out, one line each naming lake, path and"
                        + " problem: zero-byte files, and bad files under optout.on-bad-file ="
                        + " skip."),
                c(
                    TABLE_VERSIONS,
                    PER_LAKE,
                    "Delta version of each table this run committed (succeeded rows): read the"
                        + " tables at these versions for one consistent set.")));
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
            "Latest consent state per app, user and channel, as of the end of the consent input the"
                + " last run read.",
            List.of(
                c(APP_ID, StringType, "App."),
                c(USER_ID, StringType, "Internal user id."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(STATUS, StringType, "Latest status: opt_in or opt_out."),
                c(CHANGED_AT, TimestampType, "event_time of the latest consent row for this key."),
                c(
                    EXTERNAL_ID,
                    StringType,
                    "Latest non-null external_id of the user (any channel)."),
                c(DEVICE_ID, StringType, "Latest non-null device_id of the user (any channel).")));
  }

  /**
   * optout_push_histogram. Grain: one row per (opt_out_date, app_id, channel, bucket). Keys: those
   * four columns. Only buckets with at least one opt-out appear (no zero rows). Example question:
   * "Of last week's push opt-outs in app A, how many had received 10 or more pushes in the 7 days
   * before?"
   */
  public static final class PushHistogram {
    private PushHistogram() {}

    public static final String NAME = "optout_push_histogram";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String PUSHES_RECEIVED = "pushes_received";
    public static final String BUCKET = "bucket";
    public static final String OPT_OUTS = "opt_outs";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "Opt-outs by push pressure: how many distinct pushes each user received in the"
                + " optout.push.window-days days before opting out, bucketed 0 .. cap-1 and cap+"
                + " (optout.push.histogram-cap). Only buckets with opt-outs appear.",
            List.of(
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local date of the opt-outs in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(
                    CHANNEL,
                    StringType,
                    "Consent channel withdrawn: push, email or sms (push pressure is counted for"
                        + " every channel)."),
                c(
                    PUSHES_RECEIVED,
                    IntegerType,
                    "Pushes received, capped at the histogram cap: sort buckets by this column."),
                c(
                    BUCKET,
                    StringType,
                    "Bucket label: '0', '1', ... and e.g. '10+' for the cap bucket."),
                c(OPT_OUTS, LongType, "Opt-outs in this bucket.")));
  }

  /**
   * optout_last_campaign. Grain: one row per (opt_out_date, app_id, channel, touch, campaign_id);
   * campaign_id null is the "no campaign" row (no touch in the attribution window). Example
   * question: "Which campaign was the last push users received before they opted out yesterday?"
   */
  public static final class LastCampaignSummary {
    private LastCampaignSummary() {}

    public static final String NAME = "optout_last_campaign";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String TOUCH = "touch";
    public static final String CAMPAIGN_ID = "campaign_id";
    public static final String CAMPAIGN_NAME = "campaign_name";
    public static final String CAMPAIGN_TYPE = "campaign_type";
    public static final String OPT_OUTS = "opt_outs";

    /** touch value: the last push received (optout.push.received-event-types). */
    public static final String RECEIVED = "received";

    /** touch value: the last push opened or clicked. */
    public static final String INTERACTED = "interacted";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "Opt-outs by the campaign of the last push touch in the optout.attribution.window-days"
                + " days before the opt-out, per touch kind (received / interacted). A null"
                + " campaign_id row counts opt-outs with no such touch. Every opt-out appears once"
                + " per touch kind.",
            List.of(
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local date of the opt-outs in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(
                    TOUCH,
                    StringType,
                    "'received': last push received; 'interacted': last push opened or clicked."),
                c(
                    CAMPAIGN_ID,
                    StringType,
                    "Campaign of the last touch (greatest event time, ties to the greatest"
                        + " campaign_id); null = no campaign push touched the user in the window."),
                c(
                    CAMPAIGN_NAME,
                    StringType,
                    "Campaign name from the latest version of the campaign; null when the campaign"
                        + " is not in the campaign dimension or has no name."),
                c(
                    CAMPAIGN_TYPE,
                    StringType,
                    "Campaign type (broadcast, automated, ...) from the latest version; null when"
                        + " unknown."),
                c(OPT_OUTS, LongType, "Opt-outs whose last touch was this campaign.")));
  }

  /**
   * optout_user_cohorts. Grain: one row per opt-out and lookback. Keys: app_id, user_id, channel,
   * opt_out_time, lookback_days. Example question: "Which users who opted out of push on March 1
   * churned within 7 days?"
   */
  public static final class UserCohorts {
    private UserCohorts() {}

    public static final String NAME = "optout_user_cohorts";
    public static final String APP_ID = "app_id";
    public static final String USER_ID = "user_id";
    public static final String CHANNEL = "channel";
    public static final String OPT_OUT_TIME = "opt_out_time";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String LOOKBACK_DAYS = "lookback_days";
    public static final String COHORT = "cohort";
    public static final String IS_FINAL = "is_final";

    /** cohort value: at least one app event in (T, T + x days]. */
    public static final String RETAIN = "retain";

    /** cohort value: no app event in (T, T + x days]. */
    public static final String CHURN = "churn";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "Retain or churn of each opt-out for each lookback in optout.cohort.lookback-days:"
                + " retain when the user has at least one app event of the same app in the x days"
                + " (x*24h) after the opt-out instant.",
            List.of(
                c(APP_ID, StringType, "App."),
                c(USER_ID, StringType, "Internal user id."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(OPT_OUT_TIME, TimestampType, "Instant of the opt-out (UTC instant)."),
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local date of the opt-out in the reporting time zone. Partition column."),
                c(LOOKBACK_DAYS, IntegerType, "Lookback x in days."),
                c(
                    COHORT,
                    StringType,
                    "'retain': at least one app event in (opt_out_time, opt_out_time + x days];"
                        + " else 'churn'."),
                c(
                    IS_FINAL,
                    BooleanType,
                    "True when opt_out_date + x <= the run's as-of date: later input cannot change"
                        + " the row. Non-final rows are recomputed by later runs.")));
  }

  /**
   * optout_cohorts. Grain: one row per (opt_out_date, app_id, channel, lookback_days, cohort).
   * Example question: "What share of last week's push opt-outs still used the app within 7 days?"
   */
  public static final class Cohorts {
    private Cohorts() {}

    public static final String NAME = "optout_cohorts";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String LOOKBACK_DAYS = "lookback_days";
    public static final String COHORT = "cohort";
    public static final String OPT_OUTS = "opt_outs";
    public static final String USERS = "users";
    public static final String IS_FINAL = "is_final";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "Retain vs churn after opting out, per opt-out date, app, channel and lookback"
                + " (optout.cohort.lookback-days).",
            List.of(
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local date of the opt-outs in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(LOOKBACK_DAYS, IntegerType, "Lookback x in days."),
                c(
                    COHORT,
                    StringType,
                    "'retain': at least one app event in the x days after the opt-out; 'churn':"
                        + " none."),
                c(OPT_OUTS, LongType, "Opt-outs in this cohort."),
                c(
                    USERS,
                    LongType,
                    "Distinct users in this cohort (a user with two opt-outs that day counts"
                        + " once)."),
                c(
                    IS_FINAL,
                    BooleanType,
                    "True when opt_out_date + x <= the run's as-of date; non-final rows are"
                        + " recomputed by later runs.")));
  }

  /**
   * optout_last_events. Grain: one row per (opt_out_date, app_id, channel, lookback_days, cohort,
   * event_name). Example question: "What did users who churned after opting out do in the 7 days
   * before, compared with those who stayed?"
   */
  public static final class LastEvents {
    private LastEvents() {}

    public static final String NAME = "optout_last_events";
    public static final String OPT_OUT_DATE = "opt_out_date";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String LOOKBACK_DAYS = "lookback_days";
    public static final String COHORT = "cohort";
    public static final String EVENT_NAME = "event_name";
    public static final String TOTAL_EVENTS = "total_events";
    public static final String UNIQUE_USERS = "unique_users";
    public static final String IS_FINAL = "is_final";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            OPT_OUT_DATE,
            "App events users did in the x days before opting out (x in"
                + " optout.cohort.lookback-days), per event name, split by the opt-out's"
                + " retain/churn cohort for the same x.",
            List.of(
                c(
                    OPT_OUT_DATE,
                    DateType,
                    "Local date of the opt-outs in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel withdrawn: push, email or sms."),
                c(
                    LOOKBACK_DAYS,
                    IntegerType,
                    "Lookback x in days: events in [opt_out_time - x days, opt_out_time)."),
                c(
                    COHORT,
                    StringType,
                    "Cohort of the opt-out for the same lookback: retain or churn."),
                c(EVENT_NAME, StringType, "App event name."),
                c(
                    TOTAL_EVENTS,
                    LongType,
                    "Occurrences of the event in the window, counted per opt-out (an event inside"
                        + " the windows of two opt-outs counts for each); events with the same"
                        + " event_id count once."),
                c(UNIQUE_USERS, LongType, "Distinct users who did the event in the window."),
                c(
                    IS_FINAL,
                    BooleanType,
                    "True when opt_out_date + x <= the run's as-of date (the cohort can no longer"
                        + " change).")));
  }

  /**
   * optout_campaign_reach. Grain: one row per (day, app_id, campaign_id) with at least one
   * received, opened or clicked push of the campaign that local day. Distinct user counts are per
   * day: summing them over days counts a user once per day. Example question: "Which campaigns
   * cause the most opt-outs per thousand deliveries?"
   */
  public static final class CampaignReach {
    private CampaignReach() {}

    public static final String NAME = "optout_campaign_reach";
    public static final String DAY = "day";
    public static final String APP_ID = "app_id";
    public static final String CAMPAIGN_ID = "campaign_id";
    public static final String DELIVERED_MESSAGES = "delivered_messages";
    public static final String DELIVERED_USERS = "delivered_users";
    public static final String OPENED_USERS = "opened_users";
    public static final String CLICKED_USERS = "clicked_users";
    public static final String ATTRIBUTED_OPT_OUTS = "attributed_opt_outs";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            DAY,
            "Reach of each campaign per local day (deliveries, opens, clicks) next to the opt-outs"
                + " attributed to it, to rank campaigns by opt-outs per thousand deliveries."
                + " Distinct user counts are per day and do not add up across days.",
            List.of(
                c(
                    DAY,
                    DateType,
                    "Local date of the push events in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(
                    CAMPAIGN_ID,
                    StringType,
                    "Campaign (pushes without a campaign are not in this table)."),
                c(
                    DELIVERED_MESSAGES,
                    LongType,
                    "Distinct messages of the campaign with a received event"
                        + " (optout.push.received-event-types) that day."),
                c(
                    DELIVERED_USERS,
                    LongType,
                    "Distinct users who received a message of the campaign that day."),
                c(
                    OPENED_USERS,
                    LongType,
                    "Distinct users who opened a message of the campaign that day."),
                c(
                    CLICKED_USERS,
                    LongType,
                    "Distinct users who clicked a message of the campaign that day."),
                c(
                    ATTRIBUTED_OPT_OUTS,
                    LongType,
                    "Opt-outs (any channel) whose last received campaign (see optout_last_campaign)"
                        + " is this one and whose last received push was delivered that day.")));
  }

  /**
   * optout_consent_checkpoint (internal): the consent state at the start of the last nightly
   * window, so the next night reads only consent partitions from that instant on.
   */
  public static final class ConsentCheckpoint {
    private ConsentCheckpoint() {}

    public static final String NAME = "optout_consent_checkpoint";
    public static final String CHECKPOINT_AT = "checkpoint_at";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            null,
            "Internal: consent state per app, user and channel just before checkpoint_at. Lets"
                + " nightly runs skip consent history older than their window.",
            java.util.stream.Stream.concat(
                    ConsentState.SPEC.columns().stream(),
                    java.util.stream.Stream.of(
                        c(
                            CHECKPOINT_AT,
                            TimestampType,
                            "Instant the state is taken at: every consent row strictly before it is"
                                + " folded in.")))
                .toList());
  }

  /**
   * optout_base (docs/metrics.md section 8, docs/insights.md). Grain: one row per (day, app_id,
   * channel) with a non-zero count. Example question: "What share of the users opted in to push at
   * midnight opted out that day?"
   */
  public static final class Base {
    private Base() {}

    public static final String NAME = "optout_base";
    public static final String DAY = "day";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String OPTED_IN_START = "opted_in_start";
    public static final String OPTED_OUT_START = "opted_out_start";
    public static final String OPT_OUTS = "opt_outs";
    public static final String OPT_INS = "opt_ins";
    public static final String OPT_OUT_RATE = "opt_out_rate";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            DAY,
            "The opt-out rate against its base: per local day, app and channel, the keys (app,"
                + " user, channel) opted in and opted out at local midnight, the day's opt-outs and"
                + " opt-ins, and opt-outs per key opted in. Only rows with a non-zero count"
                + " appear.",
            List.of(
                c(
                    DAY,
                    DateType,
                    "Local calendar date in the reporting time zone (optout.timezone). Partition"
                        + " column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(
                    OPTED_IN_START,
                    LongType,
                    "Keys whose last consent row before local midnight starting the day is opt_in"
                        + " (the users at risk)."),
                c(
                    OPTED_OUT_START,
                    LongType,
                    "Keys whose last consent row before local midnight starting the day is"
                        + " opt_out."),
                c(
                    OPT_OUTS,
                    LongType,
                    "Opt-outs that day (as optout_daily, summed over platforms)."),
                c(OPT_INS, LongType, "Opt-ins that day (as optout_daily, summed over platforms)."),
                c(
                    OPT_OUT_RATE,
                    DoubleType,
                    "opt_outs / opted_in_start; null when opted_in_start is 0. Can exceed 1: keys"
                        + " without a state can opt out, and a key can opt in and out on one"
                        + " day.")));
  }

  /**
   * optout_push_fatigue (docs/metrics.md section 8, docs/insights.md): the hazard curve. Grain: one
   * row per (day, app_id, channel, bucket) with at least one key at risk. Example question: "Do
   * users who got 8 pushes last week opt out of push more often than those who got 2?"
   */
  public static final class Fatigue {
    private Fatigue() {}

    public static final String NAME = "optout_push_fatigue";
    public static final String DAY = "day";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String PUSHES_RECEIVED = "pushes_received";
    public static final String BUCKET = "bucket";
    public static final String USERS_AT_RISK = "users_at_risk";
    public static final String OPT_OUTS = "opt_outs";
    public static final String OPT_OUTS_PER_1000 = "opt_outs_per_1000";

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
                c(
                    DAY,
                    DateType,
                    "Local calendar date in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(
                    CHANNEL,
                    StringType,
                    "Consent channel the keys are opted in to: push, email or sms (pushes are"
                        + " counted per user, whatever the channel)."),
                c(
                    PUSHES_RECEIVED,
                    IntegerType,
                    "Distinct pushes received (optout.push.received-event-types) in [midnight -"
                        + " window-days*24h, midnight), capped at optout.push.histogram-cap: sort"
                        + " buckets by this column."),
                c(
                    BUCKET,
                    StringType,
                    "Bucket label: '0', '1', ... and e.g. '10+' for the cap bucket (as"
                        + " optout_push_histogram)."),
                c(
                    USERS_AT_RISK,
                    LongType,
                    "Keys in state opt_in at local midnight starting the day, in this bucket."),
                c(
                    OPT_OUTS,
                    LongType,
                    "Keys at risk in this bucket with at least one opt-out that day."),
                c(OPT_OUTS_PER_1000, DoubleType, "1000 * opt_outs / users_at_risk.")));
  }

  /**
   * optout_spikes (docs/metrics.md section 8, docs/insights.md). Grain: one row per (day, app_id,
   * channel) for every day with at least one opt-out in the baseline days or that day. Example
   * question: "Which days last month had abnormally many push opt-outs, and which campaign did
   * those users last receive?"
   */
  public static final class Spikes {
    private Spikes() {}

    public static final String NAME = "optout_spikes";
    public static final String DAY = "day";
    public static final String APP_ID = "app_id";
    public static final String CHANNEL = "channel";
    public static final String OPT_OUTS = "opt_outs";
    public static final String BASELINE = "baseline";
    public static final String MAD = "mad";
    public static final String THRESHOLD = "threshold";
    public static final String IS_SPIKE = "is_spike";
    public static final String TOP_CAMPAIGN_ID = "top_campaign_id";
    public static final String TOP_CAMPAIGN_NAME = "top_campaign_name";
    public static final String TOP_CAMPAIGN_OPT_OUTS = "top_campaign_opt_outs";

    public static final TableSpec SPEC =
        new TableSpec(
            NAME,
            DAY,
            "Opt-out spikes: each day's opt-outs per app and channel against a robust baseline"
                + " (median and MAD of the optout.spikes.baseline-days days before, days without"
                + " opt-outs counting 0), and the campaign most of the day's opt-outs last"
                + " received.",
            List.of(
                c(
                    DAY,
                    DateType,
                    "Local calendar date in the reporting time zone. Partition column."),
                c(APP_ID, StringType, "App."),
                c(CHANNEL, StringType, "Consent channel: push, email or sms."),
                c(OPT_OUTS, LongType, "Opt-outs that day."),
                c(
                    BASELINE,
                    DoubleType,
                    "Median of the daily opt-outs of the baseline-days days before (mean of the two"
                        + " middle values for an even count)."),
                c(
                    MAD,
                    DoubleType,
                    "Median absolute deviation of those days' opt-outs from the baseline."),
                c(
                    THRESHOLD,
                    DoubleType,
                    "baseline + max(optout.spikes.min-excess, optout.spikes.mad-factor * 1.4826 *"
                        + " mad)."),
                c(IS_SPIKE, BooleanType, "opt_outs >= threshold."),
                c(
                    TOP_CAMPAIGN_ID,
                    StringType,
                    "The last received campaign (optout_facts.last_received_campaign_id) held by"
                        + " most of the day's opt-outs, ties to the greatest campaign_id; null when"
                        + " none holds one."),
                c(
                    TOP_CAMPAIGN_NAME,
                    StringType,
                    "Name of that campaign from its latest version; null when unknown."),
                c(
                    TOP_CAMPAIGN_OPT_OUTS,
                    LongType,
                    "How many of the day's opt-outs hold that campaign; null when top_campaign_id"
                        + " is null.")));
  }
}
