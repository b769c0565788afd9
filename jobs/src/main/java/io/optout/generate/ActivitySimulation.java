package io.optout.generate;

import static io.optout.generate.Draws.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One user's app activity: sessions per day drawn around the user's rate, scaled by the app's
 * weekend factor (weekly seasonality) and cut after the user churns; each session is an app_open
 * followed by a few in-app events. Opening a push also opens the app.
 */
final class ActivitySimulation {
  private ActivitySimulation() {}

  record AppEvent(String eventId, String eventName, long time) {}

  private static final String[] NAMES = {
    "screen_view", "search", "add_to_cart", "purchase", "share", "like"
  };
  private static final double[] NAME_WEIGHTS = {50, 15, 12, 4, 4, 15};

  /** UTC hour-of-day weights: a morning bump, lunch, and an evening peak. */
  private static final double[] HOURS = {
    1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 3, 2.8, 3, 3.8, 3.5, 3, 3, 3.2, 3.6, 4.2, 5, 5.2,
    4.6, 3.2, 1.8
  };

  private static final double EVENTS_PER_SESSION = 1.8;
  private static final double CHURNED_ACTIVITY = 0.15;

  static List<AppEvent> run(UserProfile user, GeneratorSettings settings, List<Long> pushOpens) {
    SplittableRandom r = Draws.stream(settings.seed(), user.index(), Draws.Purpose.ACTIVITY);
    List<AppEvent> events = new ArrayList<>();
    long from = Math.max(user.signup(), settings.startMillis());
    long end = settings.endMillis();
    boolean gone = PlantedEffects.gone(user, settings);
    for (long day = Time.dayStart(from); day < end; day += Time.DAY) {
      double rate =
          settings.activity()
              * user.sessionsPerDay()
              * (Time.isWeekend(day) ? user.app().weekendFactor() : 1.0);
      if (day >= user.churnTime()) {
        rate *= gone ? 0 : CHURNED_ACTIVITY;
      }
      int sessions = Draws.poisson(r, rate);
      for (int s = 0; s < sessions; s++) {
        long t = day + Draws.weighted(r, HOURS) * Time.HOUR + uniform(r, 0, Time.HOUR);
        if (t < from || t >= end) {
          continue;
        }
        events.add(event(r, "app_open", t));
        int more = Draws.poisson(r, EVENTS_PER_SESSION);
        for (int e = 0; e < more; e++) {
          t += uniform(r, 5 * Time.SECOND, 3 * Time.MINUTE);
          if (t < end) {
            events.add(event(r, NAMES[Draws.weighted(r, NAME_WEIGHTS)], t));
          }
        }
      }
    }
    for (long opened : pushOpens) {
      long t = opened + uniform(r, 500, 5 * Time.SECOND);
      if (t < end) {
        events.add(event(r, "app_open", t));
      }
    }
    return events;
  }

  private static AppEvent event(SplittableRandom r, String name, long time) {
    return new AppEvent(new UUID(r.nextLong(), r.nextLong()).toString(), name, time);
  }
}
