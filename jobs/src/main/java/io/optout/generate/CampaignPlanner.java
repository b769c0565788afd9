package io.optout.generate;

import static io.optout.generate.Draws.chance;
import static io.optout.generate.Draws.uniform;

import io.optout.generate.CampaignPlan.AutomatedCampaigns;
import io.optout.generate.CampaignPlan.BroadcastWave;
import io.optout.generate.CampaignPlan.CampaignVersion;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Decides the campaigns of each app from the seed: small, so it runs on the driver. */
final class CampaignPlanner {
  private CampaignPlanner() {}

  static final int SEGMENTS = 10;

  /**
   * Segments 0-2 are the "engaged" audience marketers target almost every time: push pressure
   * differs by segment.
   */
  private static final int HOT_SEGMENTS = 3;

  private static final double BROADCASTS_PER_WEEK = 2.0;
  private static final String[] TOPICS = {
    "Flash deal", "New arrivals", "Weekly digest", "Price drop", "Back in stock", "Weekend special",
    "Tip of the week", "Challenge", "Member exclusive", "Last chance", "Trending now",
        "Season launch"
  };

  /**
   * About one broadcast a month per app irritates its audience: a burst of opt-outs on its day
   * (optout_spikes).
   */
  private static final int DAYS_PER_IRRITATING_CAMPAIGN = 30;

  static final double IRRITATING_OPT_OUT_FACTOR = 15;
  static final String BROADCAST = "broadcast";
  static final String AUTOMATED = "automated";
  static final String TRANSACTIONAL = "transactional";

  static CampaignPlan plan(GeneratorSettings settings, List<SampleApp> apps) {
    SplittableRandom r = Draws.stream(settings.seed(), -1, Draws.Purpose.CAMPAIGNS);
    List<CampaignVersion> versions = new ArrayList<>();
    List<List<BroadcastWave>> waves = new ArrayList<>();
    List<AutomatedCampaigns> automated = new ArrayList<>();
    for (SampleApp app : apps) {
      automated.add(automatedJourneys(r, settings, app, versions));
      transactionalTemplates(r, settings, app, versions);
      waves.add(broadcasts(r, settings, app, versions));
    }
    return new CampaignPlan(List.copyOf(versions), List.copyOf(waves), List.copyOf(automated));
  }

  private static AutomatedCampaigns automatedJourneys(
      SplittableRandom r, GeneratorSettings s, SampleApp app, List<CampaignVersion> out) {
    String welcome = app.id() + "-welcome";
    String winBack = app.id() + "-winback";
    String cart = app.id() + "-cart";
    for (String[] journey :
        new String[][] {
          {welcome, "Welcome series"}, {winBack, "We miss you"}, {cart, "Cart reminder"}
        }) {
      long created = s.startMillis() - uniform(r, 60, 240) * Time.DAY;
      // Journeys are edited now and then: 1 to 3 versions, the last possibly inside the window.
      addVersions(
          r,
          out,
          app,
          journey[0],
          journey[1],
          AUTOMATED,
          "push",
          created,
          s.endMillis(),
          1 + r.nextInt(3));
    }
    return new AutomatedCampaigns(welcome, winBack, cart);
  }

  /**
   * Receipts and codes go by email and SMS: they are in the dimension but never in the push lake.
   */
  private static void transactionalTemplates(
      SplittableRandom r, GeneratorSettings s, SampleApp app, List<CampaignVersion> out) {
    long created = s.startMillis() - uniform(r, 100, 400) * Time.DAY;
    addVersions(
        r,
        out,
        app,
        app.id() + "-receipt",
        "Order receipt",
        TRANSACTIONAL,
        "email",
        created,
        s.startMillis(),
        1);
    addVersions(
        r,
        out,
        app,
        app.id() + "-otp",
        "Verification code",
        TRANSACTIONAL,
        "sms",
        created,
        s.startMillis(),
        1);
  }

  private static List<BroadcastWave> broadcasts(
      SplittableRandom r, GeneratorSettings s, SampleApp app, List<CampaignVersion> out) {
    int count = Math.max(1, (int) Math.round(s.days() * BROADCASTS_PER_WEEK / 7));
    Set<Integer> irritating = irritating(s, app, count);
    List<BroadcastWave> waves = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      String id = String.format("%s-c%03d", app.id(), n);
      String name = Draws.pick(r, TOPICS) + " #" + n;
      long first = sendTime(r, s);
      int mask = segmentMask(r);
      // Most broadcasts are one burst; some are re-sent to the same audience on the next days.
      int bursts = chance(r, 0.7) ? 1 : chance(r, 0.65) ? 2 : 3;
      long last = first;
      for (int b = 0; b < bursts; b++) {
        long time = b == 0 ? first : last + uniform(r, 20, 30) * Time.HOUR;
        if (time < s.endMillis()) {
          double optOutFactor = irritating.contains(n) ? IRRITATING_OPT_OUT_FACTOR : 1.0;
          waves.add(
              new BroadcastWave(id, time, uniform(r, 10, 45) * Time.MINUTE, mask, optOutFactor));
          last = time;
        }
      }
      long created = first - uniform(r, Time.HOUR, 5 * Time.DAY);
      int versionCount = chance(r, 0.65) ? 1 : chance(r, 0.7) ? 2 : 3;
      addVersions(
          r,
          out,
          app,
          id,
          name,
          BROADCAST,
          "push",
          created,
          Math.min(s.endMillis(), last + 2 * Time.DAY),
          versionCount);
    }
    waves.addAll(companions(s, app, waves, out));
    waves.sort(Comparator.comparingLong(BroadcastWave::time));
    return List.copyOf(waves);
  }

  /**
   * A harmless broadcast on the day of each irritating one, to the other segments, so the day has a
   * baseline of the same kind of campaign to compare with (docs/why.md): no user gets both. From a
   * stream of its own, so the rest of the plan is the one it would be without them.
   */
  private static List<BroadcastWave> companions(
      GeneratorSettings s, SampleApp app, List<BroadcastWave> waves, List<CampaignVersion> out) {
    SplittableRandom r = Draws.stream(s.seed(), -2 - app.index(), Draws.Purpose.PLANTED);
    List<BroadcastWave> companions = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    int n = 0;
    for (BroadcastWave wave : waves) {
      int others = ~wave.segmentMask() & ((1 << SEGMENTS) - 1);
      if (wave.optOutFactor() <= 1 || others == 0 || !seen.add(wave.campaignId())) {
        continue;
      }
      long time = wave.time() + uniform(r, 1, 3) * Time.HOUR;
      if (time >= s.endMillis()) {
        continue;
      }
      String id = String.format("%s-h%02d", app.id(), ++n);
      companions.add(new BroadcastWave(id, time, uniform(r, 10, 45) * Time.MINUTE, others, 1.0));
      out.add(
          new CampaignVersion(
              app.id(),
              id,
              Draws.pick(r, TOPICS) + " (h" + n + ")",
              BROADCAST,
              "push",
              time - Time.DAY,
              time - Time.DAY));
    }
    return companions;
  }

  /**
   * Which of an app's broadcasts (numbers 1..count) irritate: drawn from a stream of their own, so
   * the rest of the plan is the one it would be without them.
   */
  private static Set<Integer> irritating(GeneratorSettings s, SampleApp app, int count) {
    SplittableRandom r = Draws.stream(s.seed(), app.index(), Draws.Purpose.SPIKES);
    int wanted =
        Math.min(
            count, Math.max(1, (int) Math.round((double) s.days() / DAYS_PER_IRRITATING_CAMPAIGN)));
    Set<Integer> chosen = new TreeSet<>();
    while (chosen.size() < wanted) {
      chosen.add(1 + r.nextInt(count));
    }
    return chosen;
  }

  /** Broadcasts go out in office hours, mostly Tuesday to Thursday. */
  private static long sendTime(SplittableRandom r, GeneratorSettings s) {
    while (true) {
      long day = s.startMillis() + r.nextInt(s.days()) * Time.DAY;
      DayOfWeek dow = Time.dayOfWeek(day);
      double weight =
          switch (dow) {
            case TUESDAY, WEDNESDAY, THURSDAY -> 1.0;
            case MONDAY, FRIDAY -> 0.7;
            default -> 0.35;
          };
      if (chance(r, weight)) {
        return day + uniform(r, 8, 20) * Time.HOUR + uniform(r, 0, Time.HOUR);
      }
    }
  }

  private static int segmentMask(SplittableRandom r) {
    int mask = 0;
    for (int segment = 0; segment < SEGMENTS; segment++) {
      if (chance(r, segment < HOT_SEGMENTS ? 0.85 : 0.25)) {
        mask |= 1 << segment;
      }
    }
    return mask == 0 ? 1 : mask;
  }

  /**
   * Writes {@code count} versions of a campaign; later versions have a later {@code updated_at}
   * (before {@code until}) and an edited name, so "latest version wins" is visible.
   */
  private static void addVersions(
      SplittableRandom r,
      List<CampaignVersion> out,
      SampleApp app,
      String id,
      String name,
      String type,
      String channel,
      long created,
      long until,
      int count) {
    long updated = created;
    Long createdAt = chance(r, 0.05) ? null : created;
    for (int v = 1; v <= count; v++) {
      String versionName = v == 1 ? name : name + " (v" + v + ")";
      // A few campaigns carry an enum in another case, as hand-edited dimensions do.
      String versionType =
          chance(r, 0.05) ? Character.toUpperCase(type.charAt(0)) + type.substring(1) : type;
      out.add(
          new CampaignVersion(
              app.id(),
              id,
              chance(r, 0.02) ? null : versionName,
              versionType,
              channel,
              createdAt,
              updated));
      updated =
          Math.max(
              updated + Time.MINUTE,
              uniform(r, updated + Time.MINUTE, Math.max(updated + 2 * Time.MINUTE, until)));
      if (updated >= until) {
        break;
      }
    }
  }
}
