package io.optout.schema;

/**
 * Column names of the four input lakes (docs/metrics.md section 2), shared where lakes use the same
 * name.
 */
public final class InputColumns {
  private InputColumns() {}

  public static final String APP_ID = "app_id";
  public static final String USER_ID = "user_id";
  public static final String EVENT_TIME = "event_time";
  public static final String PLATFORM = "platform";

  /** Partition column of the event lakes: UTC date of event_time, {@code YYYY-MM-DD}. */
  public static final String DT = "dt";

  /** Column Spark's JSON reader (PERMISSIVE mode) fills with the text of a line it cannot parse. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** consent lake. */
  public static final class Consent {
    private Consent() {}

    public static final String EXTERNAL_ID = "external_id";
    public static final String DEVICE_ID = "device_id";
    public static final String CHANNEL = "channel";
    public static final String STATUS = "status";
    public static final String SOURCE = "source";

    public static final String OPT_IN = "opt_in";
    public static final String OPT_OUT = "opt_out";
  }

  /** push lake. */
  public static final class Push {
    private Push() {}

    public static final String MESSAGE_ID = "message_id";
    public static final String CAMPAIGN_ID = "campaign_id";
    public static final String EVENT_TYPE = "event_type";
  }

  /** campaign lake (a dimension, not partitioned). */
  public static final class Campaign {
    private Campaign() {}

    public static final String CAMPAIGN_ID = "campaign_id";
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String CHANNEL = "channel";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
  }

  /** event lake (app activity). */
  public static final class Event {
    private Event() {}

    public static final String EVENT_ID = "event_id";
    public static final String EVENT_NAME = "event_name";
  }
}
