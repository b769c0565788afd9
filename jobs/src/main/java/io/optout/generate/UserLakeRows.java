package io.optout.generate;

import static io.optout.generate.Draws.chance;
import static io.optout.generate.Draws.uniform;
import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.DT;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.USER_ID;

import io.optout.config.Lake;
import io.optout.generate.ActivitySimulation.AppEvent;
import io.optout.generate.MessagingSimulation.ConsentChange;
import io.optout.generate.MessagingSimulation.PushEvent;
import io.optout.schema.Columns;
import io.optout.schema.ConsentStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * All rows one user contributes to one event lake (consent, push or event), computed on an executor
 * from the user's index alone. The messaging simulation runs for each lake (it is cheap) so that
 * the three lakes can be written one after the other without caching anything.
 */
final class UserLakeRows implements FlatMapFunction<Long, Row> {
  /** Older web SDKs send no event id. */
  private static final double NULL_EVENT_ID_WEB = 0.2;

  private static final double NULL_EVENT_ID_APP = 0.02;

  /** A client retry: the same event_id again a moment later. */
  private static final double RETRIED_EVENT = 0.005;

  private final Lake lake;
  private final GeneratorSettings settings;
  private final List<SampleApp> apps;
  private final CampaignPlan plan;
  private final LakeLayout layout;

  /** Column positions, looked up once: this code runs for every generated row. */
  private final int appId;

  private final int userId;
  private final int eventTime;
  private final int platform;
  private final int dt;

  /** Partition values of the days rows can fall on, so dt strings are not formatted per row. */
  private final long firstDay;

  private final String[] dtLabels;

  UserLakeRows(Lake lake, GeneratorSettings settings, List<SampleApp> apps, CampaignPlan plan) {
    if (!lake.partitionedByDt()) {
      throw new IllegalArgumentException(
          "per-user rows exist only for the event lakes, not " + lake);
    }
    this.lake = lake;
    this.settings = settings;
    this.apps = apps;
    this.plan = plan;
    this.layout = new LakeLayout(lake);
    this.appId = layout.index(APP_ID);
    this.userId = layout.index(USER_ID);
    this.eventTime = layout.index(EVENT_TIME);
    this.platform = layout.index(PLATFORM);
    this.dt = layout.index(DT);
    this.firstDay =
        Math.floorDiv(settings.startMillis(), Time.DAY) - UserProfile.PRE_HISTORY_DAYS - 1;
    this.dtLabels = new String[settings.days() + UserProfile.PRE_HISTORY_DAYS + 2];
    for (int i = 0; i < dtLabels.length; i++) {
      dtLabels[i] = Time.dt((firstDay + i) * Time.DAY);
    }
  }

  private String dtOf(long time) {
    long i = Math.floorDiv(time, Time.DAY) - firstDay;
    return i >= 0 && i < dtLabels.length ? dtLabels[(int) i] : Time.dt(time);
  }

  /**
   * Position of a lake-specific column, looked up by name (the shared columns' positions are cached
   * above).
   */
  private int at(String column) {
    return layout.index(column);
  }

  @Override
  public Iterator<Row> call(Long index) {
    UserProfile user = UserProfile.draw(index, settings, apps);
    MessagingSimulation.Result messaging = MessagingSimulation.run(user, settings, plan);
    List<Row> out = new ArrayList<>();
    switch (lake) {
      case CONSENT ->
          consentRows(user, messaging.consent(), noise(index, Draws.Purpose.CONSENT_ROWS), out);
      case PUSH -> pushRows(user, messaging.pushes(), noise(index, Draws.Purpose.PUSH_ROWS), out);
      case EVENT ->
          eventRows(
              user,
              ActivitySimulation.run(user, settings, messaging.pushOpens()),
              noise(index, Draws.Purpose.EVENT_ROWS),
              out);
      default -> throw new IllegalStateException(lake.toString());
    }
    return out.iterator();
  }

  private RowNoise noise(long index, Draws.Purpose purpose) {
    return new RowNoise(Draws.stream(settings.seed(), index, purpose));
  }

  private void consentRows(
      UserProfile user, List<ConsentChange> changes, RowNoise noise, List<Row> out) {
    SplittableRandom r = noise.random();
    for (ConsentChange change : changes) {
      Object[] row = common(user, change.time(), noise);
      // The customer's own id and the device id reach only some rows: the pipeline fills them from
      // earlier rows.
      row[at(Columns.EXTERNAL_ID)] =
          user.externalId() != null && chance(r, 0.6) ? user.externalId() : null;
      boolean push = change.channel() == MessagingSimulation.Channel.PUSH;
      row[at(Columns.DEVICE_ID)] = chance(r, push ? 0.85 : 0.3) ? user.deviceId() : null;
      row[at(Columns.CHANNEL)] = noise.enumValue(change.channel().name().toLowerCase(Locale.ROOT));
      row[at(Columns.STATUS)] =
          noise.enumValue(change.optIn() ? ConsentStatus.OPT_IN : ConsentStatus.OPT_OUT);
      row[at(Columns.SOURCE)] = noise.sometimesNull(change.source(), 0.1);
      noise.emit(row, this::breakConsent, out);
    }
  }

  private void breakConsent(Object[] row, SplittableRandom r) {
    switch (r.nextInt(5)) {
      case 0 -> row[userId] = null;
      case 1 -> row[at(Columns.STATUS)] = "opt_maybe";
      case 2 -> row[at(Columns.CHANNEL)] = "fax";
      case 3 -> row[eventTime] = null;
      default -> row[appId] = null;
    }
  }

  private void pushRows(UserProfile user, List<PushEvent> events, RowNoise noise, List<Row> out) {
    for (PushEvent event : events) {
      Object[] row = common(user, event.time(), noise);
      row[at(Columns.MESSAGE_ID)] = event.messageId();
      row[at(Columns.CAMPAIGN_ID)] = event.campaignId();
      row[at(Columns.EVENT_TYPE)] = noise.enumValue(event.eventType());
      noise.emit(row, this::breakPush, out);
    }
  }

  private void breakPush(Object[] row, SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0 -> row[userId] = null;
      case 1 -> row[at(Columns.EVENT_TYPE)] = "bounced";
      case 2 -> row[at(Columns.MESSAGE_ID)] = null;
      default -> row[eventTime] = null;
    }
  }

  private void eventRows(UserProfile user, List<AppEvent> events, RowNoise noise, List<Row> out) {
    SplittableRandom r = noise.random();
    double nullId = "web".equals(user.platform()) ? NULL_EVENT_ID_WEB : NULL_EVENT_ID_APP;
    for (AppEvent event : events) {
      String eventId = noise.sometimesNull(event.eventId(), nullId);
      noise.emit(
          eventRow(user, eventId, event.eventName(), event.time(), noise), this::breakEvent, out);
      if (eventId != null && chance(r, RETRIED_EVENT)) {
        long retried = event.time() + uniform(r, 1, 2 * Time.SECOND);
        if (retried < settings.endMillis()) {
          noise.emit(
              eventRow(user, eventId, event.eventName(), retried, noise), this::breakEvent, out);
        }
      }
    }
  }

  private Object[] eventRow(
      UserProfile user, String eventId, String name, long time, RowNoise noise) {
    Object[] row = common(user, time, noise);
    row[at(Columns.EVENT_ID)] = eventId;
    row[at(Columns.EVENT_NAME)] = name;
    return row;
  }

  private void breakEvent(Object[] row, SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0 -> row[userId] = null;
      case 1 -> row[at(Columns.EVENT_NAME)] = null;
      case 2 -> row[eventTime] = null;
      default -> row[appId] = null;
    }
  }

  /**
   * Columns every event lake has. {@code dt} is set here from the clean event_time, so a row whose
   * event_time is later nulled by the noise still sits in a real partition (where it is rejected).
   */
  private Object[] common(UserProfile user, long time, RowNoise noise) {
    Object[] row = layout.newRow();
    row[appId] = user.app().id();
    row[userId] = user.userId();
    row[eventTime] = Time.timestamp(time);
    row[platform] = noise.enumValue(noise.sometimesNull(user.platform(), 0.05));
    row[dt] = dtOf(time);
    return row;
  }
}
