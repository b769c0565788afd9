package io.optout.schema;

/**
 * Every column name of the input lakes (docs/metrics.md section 2), the output tables (sections 5
 * and 8) and the export (section 7), each once: a column that several lakes or tables share, such
 * as {@code app_id} or {@code opt_out_date}, has one constant here. The table definitions under
 * {@code io.optout.schema.tables} and the metrics refer to these.
 */
public final class Columns {
  private Columns() {}

  // Input lakes, shared by several of them.
  public static final String APP_ID = "app_id";
  public static final String USER_ID = "user_id";
  public static final String EVENT_TIME = "event_time";
  public static final String PLATFORM = "platform";
  public static final String CHANNEL = "channel";
  public static final String CAMPAIGN_ID = "campaign_id";

  /** Partition column of the event lakes: UTC date of event_time, {@code YYYY-MM-DD}. */
  public static final String DT = "dt";

  /** Column Spark's JSON reader (PERMISSIVE mode) fills with the text of a line it cannot parse. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  // consent lake.
  public static final String EXTERNAL_ID = "external_id";
  public static final String DEVICE_ID = "device_id";
  public static final String STATUS = "status";
  public static final String SOURCE = "source";

  // push lake.
  public static final String MESSAGE_ID = "message_id";
  public static final String EVENT_TYPE = "event_type";

  // campaign lake (a dimension, not partitioned).
  public static final String NAME = "name";
  public static final String TYPE = "type";
  public static final String CREATED_AT = "created_at";
  public static final String UPDATED_AT = "updated_at";

  // event lake (app activity).
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_NAME = "event_name";

  // Opt-outs and their dates (optout_facts and the tables derived from it).
  public static final String OPT_OUT_TIME = "opt_out_time";
  public static final String OPT_OUT_DATE = "opt_out_date";
  public static final String DAY = "day";
  public static final String PUSHES_RECEIVED = "pushes_received";
  public static final String LAST_RECEIVED_CAMPAIGN_ID = "last_received_campaign_id";
  public static final String LAST_INTERACTED_CAMPAIGN_ID = "last_interacted_campaign_id";

  // Counts per day (optout_daily, optout_base, optout_push_fatigue, optout_spikes).
  public static final String OPT_OUTS = "opt_outs";
  public static final String OPT_INS = "opt_ins";
  public static final String NET_CHANGE = "net_change";
  public static final String OPTED_OUT_USERS = "opted_out_users";
  public static final String OPTED_IN_START = "opted_in_start";
  public static final String OPTED_OUT_START = "opted_out_start";
  public static final String OPT_OUT_RATE = "opt_out_rate";
  public static final String USERS_AT_RISK = "users_at_risk";
  public static final String OPT_OUTS_PER_1000 = "opt_outs_per_1000";
  public static final String BASELINE = "baseline";
  public static final String MAD = "mad";
  public static final String THRESHOLD = "threshold";
  public static final String IS_SPIKE = "is_spike";
  public static final String TOP_CAMPAIGN_ID = "top_campaign_id";
  public static final String TOP_CAMPAIGN_NAME = "top_campaign_name";
  public static final String TOP_CAMPAIGN_OPT_OUTS = "top_campaign_opt_outs";

  // Why users opt out (optout_campaign_impact, optout_causes, optout_cause_daily,
  // optout_frequency_cap; docs/metrics.md section 9).
  public static final String RECIPIENTS = "recipients";
  public static final String BASE_RECIPIENTS = "base_recipients";
  public static final String BASE_OPT_OUTS = "base_opt_outs";
  public static final String BASELINE_PER_1000 = "baseline_per_1000";
  public static final String EXPECTED_OPT_OUTS = "expected_opt_outs";
  public static final String EXCESS_OPT_OUTS = "excess_opt_outs";
  public static final String P_VALUE = "p_value";
  public static final String IS_HARMFUL = "is_harmful";
  public static final String CAUSE = "cause";
  public static final String CASCADE_FROM = "cascade_from";
  public static final String REOPT_IN_TIME = "reopt_in_time";
  public static final String HOURS_TO_REOPT_IN = "hours_to_reopt_in";
  public static final String REOPTED_IN_7D = "reopted_in_7d";
  public static final String REOPTED_IN_30D = "reopted_in_30d";
  public static final String MEDIAN_HOURS_TO_REOPT_IN = "median_hours_to_reopt_in";
  public static final String STEP_AT = "step_at";
  public static final String ELIGIBLE_CANDIDATES = "eligible_candidates";
  public static final String USERS_BELOW = "users_below";
  public static final String OPT_OUTS_BELOW = "opt_outs_below";
  public static final String USERS_ABOVE = "users_above";
  public static final String OPT_OUTS_ABOVE = "opt_outs_above";
  public static final String RATE_BELOW_PER_1000 = "rate_below_per_1000";
  public static final String RATE_ABOVE_PER_1000 = "rate_above_per_1000";
  public static final String IS_SIGNIFICANT = "is_significant";
  public static final String RECOMMENDED_CAP = "recommended_cap";

  // Push histogram, last campaign and campaign reach.
  public static final String BUCKET = "bucket";
  public static final String TOUCH = "touch";
  public static final String CAMPAIGN_NAME = "campaign_name";
  public static final String CAMPAIGN_TYPE = "campaign_type";
  public static final String DELIVERED_MESSAGES = "delivered_messages";
  public static final String DELIVERED_USERS = "delivered_users";
  public static final String OPENED_USERS = "opened_users";
  public static final String CLICKED_USERS = "clicked_users";
  public static final String ATTRIBUTED_OPT_OUTS = "attributed_opt_outs";

  // Cohorts and last events.
  public static final String LOOKBACK_DAYS = "lookback_days";
  public static final String COHORT = "cohort";
  public static final String IS_FINAL = "is_final";
  public static final String USERS = "users";
  public static final String TOTAL_EVENTS = "total_events";
  public static final String UNIQUE_USERS = "unique_users";

  // Consent state and checkpoint.
  public static final String CHANGED_AT = "changed_at";
  public static final String CHECKPOINT_AT = "checkpoint_at";

  // optout_input_files: what the last nightly run saw of the lakes.
  public static final String FILE_PATH = "file_path";
  public static final String FILE_SIZE = "file_size";
  public static final String FILE_MODIFIED_AT = "file_modified_at";
  public static final String SETTINGS_KEY = "settings_key";

  // The export (opted_out_users).
  public static final String FIRST_OPT_OUT_TIME = "first_opt_out_time";
  public static final String LAST_OPT_OUT_TIME = "last_opt_out_time";
  public static final String OPT_OUT_COUNT = "opt_out_count";
  public static final String CURRENTLY_OPTED_OUT = "currently_opted_out";

  // optout_rejects.
  public static final String LAKE = "lake";

  /**
   * The input partition the row came from ({@code dt}); null for the unpartitioned campaign lake.
   */
  public static final String INPUT_DT = "input_dt";

  public static final String RULE = "rule";
  public static final String RAW = "raw";
  public static final String RUN_ID = "run_id";
  public static final String REJECTED_AT = "rejected_at";

  // optout_runs.
  public static final String JOB = "job";
  public static final String WINDOW_FROM = "window_from";
  public static final String WINDOW_TO = "window_to";
  public static final String AS_OF = "as_of";
  public static final String WORK_KEY = "work_key";
  public static final String TXN_VERSION = "txn_version";
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
}
