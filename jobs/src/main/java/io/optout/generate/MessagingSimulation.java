package io.optout.generate;

import static io.optout.generate.Draws.chance;
import static io.optout.generate.Draws.exponential;
import static io.optout.generate.Draws.uniform;

import io.optout.generate.CampaignPlan.AutomatedCampaigns;
import io.optout.generate.CampaignPlan.BroadcastWave;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One user's consent changes and pushes, simulated in time order: campaigns send pushes while the
 * user is opted in to push, and each delivery may trigger an opt-out, more likely the more
 * deliveries the user got in the past 7 days. Opt-outs are sometimes repeated while already opted
 * out, and sometimes followed by a re-opt-in (after which the user may opt out again).
 */
final class MessagingSimulation {
  enum Channel {
    PUSH,
    EMAIL,
    SMS
  }

  record ConsentChange(Channel channel, boolean optIn, long time, String source) {}

  record PushEvent(String messageId, String campaignId, String eventType, long time) {}

  /** Everything the lakes need from one user's messaging history. */
  record Result(List<ConsentChange> consent, List<PushEvent> pushes, List<Long> pushOpens) {}

  /** Per-delivery opt-out probability before pressure and the user's own sensitivity. */
  private static final double BASE_OPT_OUT_PER_DELIVERY = 0.0025;

  private static final double PRESSURE_FREE_DELIVERIES = 2;
  private static final long PRESSURE_WINDOW = 7 * Time.DAY;

  /** Users who opted out once and came back are quick to leave again. */
  private static final double RETURNING_USER_SENSITIVITY = 20;

  private enum Kind {
    BROADCAST,
    AUTOMATED,
    TRANSACTIONAL
  }

  /** {@code optOutFactor}: multiplies the opt-out risk of the delivery (irritating broadcasts). */
  private record Message(long time, String campaignId, Kind kind, double optOutFactor) {
    Message(long time, String campaignId, Kind kind) {
      this(time, campaignId, kind, 1.0);
    }
  }

  /** A consent change that happens only if the channel is then in the required state. */
  private record Intent(
      Channel channel,
      boolean optIn,
      long time,
      String source,
      Boolean requiredState,
      boolean followUps) {}

  private final UserProfile user;
  private final GeneratorSettings settings;
  private final SplittableRandom r;

  /** Draws of the planted effects ({@link PlantedEffects}), apart from the rest. */
  private final SplittableRandom planted;

  /** Every delivery time so far, in order, for the fatigue step at each midnight. */
  private final List<Long> deliveries = new ArrayList<>();

  private long nextMidnight;
  private final Map<Channel, Boolean> optedIn = new EnumMap<>(Channel.class);
  private final PriorityQueue<Intent> pending =
      new PriorityQueue<>(Comparator.comparingLong(Intent::time));
  private final ArrayDeque<Long> recentDeliveries = new ArrayDeque<>();
  private final List<ConsentChange> consent = new ArrayList<>();
  private final List<PushEvent> pushes = new ArrayList<>();
  private final List<Long> opens = new ArrayList<>();
  private int messageSeq;
  private boolean returnedToPush;

  private MessagingSimulation(UserProfile user, GeneratorSettings settings) {
    this.user = user;
    this.settings = settings;
    this.r = Draws.stream(settings.seed(), user.index(), Draws.Purpose.MESSAGING);
    this.planted = Draws.stream(settings.seed(), user.index(), Draws.Purpose.PLANTED);
    this.nextMidnight = Time.dayStart(Math.max(user.signup(), settings.startMillis())) + Time.DAY;
  }

  static Result run(UserProfile user, GeneratorSettings settings, CampaignPlan plan) {
    MessagingSimulation sim = new MessagingSimulation(user, settings);
    sim.signUp();
    sim.scheduleSpontaneousChanges();
    sim.scheduleDormantOptOut();
    for (Message message : sim.messages(plan)) {
      sim.midnightsUntil(message.time());
      sim.applyPendingUntil(message.time());
      sim.send(message);
    }
    sim.midnightsUntil(settings.endMillis() - 1);
    sim.applyPendingUntil(settings.endMillis() - 1);
    return new Result(sim.consent, sim.pushes, sim.opens);
  }

  /**
   * Most users opt in to push at the OS prompt when they sign up; some decline, some never answer.
   */
  private void signUp() {
    long t = user.signup();
    double pushYes =
        switch (user.platform()) {
          case "ios" -> 0.72;
          case "android" -> 0.9;
          default -> 0.5;
        };
    if (chance(r, pushYes)) {
      record(Channel.PUSH, true, t, "os_prompt");
    } else if (chance(r, 0.3)) {
      // Some SDKs record a declined OS prompt as an opt-out; most send nothing.
      record(Channel.PUSH, false, t, "os_prompt");
    }
    if (chance(r, 0.55)) {
      record(Channel.EMAIL, true, t + uniform(r, Time.SECOND, 10 * Time.MINUTE), "settings");
    }
    if (chance(r, 0.2)) {
      record(Channel.SMS, true, t + uniform(r, Time.SECOND, 10 * Time.MINUTE), "api");
    }
  }

  /** Opt-outs and opt-ins that do not depend on pushes, as Poisson processes over the window. */
  private void scheduleSpontaneousChanges() {
    long from = Math.max(user.signup(), settings.startMillis());
    poisson(Channel.PUSH, false, 0.0005, from, "settings", true);
    poisson(Channel.PUSH, true, 0.001, from, "settings", false);
    poisson(Channel.EMAIL, false, 0.0015, from, "unsubscribe_link", true);
    poisson(Channel.EMAIL, true, 0.0005, from, "settings", false);
    poisson(Channel.SMS, false, 0.001, from, "api", true);
    poisson(Channel.SMS, true, 0.0003, from, "api", false);
    // A CRM sync that sends an opt-out for a user with no consent row at all (no prior state).
    if (!optedIn.containsKey(Channel.PUSH) && chance(r, 0.05)) {
      pending.add(
          new Intent(
              Channel.PUSH, false, uniform(r, from, settings.endMillis()), "api", null, false));
    }
  }

  private void poisson(
      Channel channel, boolean optIn, double perDay, long from, String source, boolean followUps) {
    long t = from;
    while (true) {
      t += (long) (exponential(r, 1.0 / perDay) * Time.DAY);
      if (t >= settings.endMillis() || t < from) {
        return;
      }
      pending.add(new Intent(channel, optIn, t, source, !optIn, followUps));
    }
  }

  /** The pushes campaigns would send this user, in time order (sent only while opted in). */
  private List<Message> messages(CampaignPlan plan) {
    List<Message> messages = new ArrayList<>();
    long from = Math.max(user.signup(), settings.startMillis());
    long end = settings.endMillis();
    for (BroadcastWave wave : plan.waves(user.app().index())) {
      if (wave.targets(user.segment()) && wave.time() >= from) {
        messages.add(
            new Message(
                wave.time() + uniform(r, 0, wave.spread()),
                wave.campaignId(),
                Kind.BROADCAST,
                wave.optOutFactor()));
      }
    }
    AutomatedCampaigns journeys = plan.automated(user.app().index());
    if (user.signup() >= settings.startMillis()) {
      messages.add(
          new Message(
              user.signup() + Time.DAY + uniform(r, 0, 2 * Time.HOUR),
              journeys.welcome(),
              Kind.AUTOMATED));
      messages.add(
          new Message(
              user.signup() + 3 * Time.DAY + uniform(r, 0, 2 * Time.HOUR),
              journeys.welcome(),
              Kind.AUTOMATED));
    }
    for (long day = Time.dayStart(from); day < end; day += Time.DAY) {
      if (chance(r, 0.012)) {
        messages.add(
            new Message(
                day + uniform(r, 10 * Time.HOUR, 20 * Time.HOUR),
                journeys.winBack(),
                Kind.AUTOMATED));
      }
      if (chance(r, Math.min(0.2, 0.06 * user.sessionsPerDay()))) {
        messages.add(
            new Message(day + uniform(r, 0, Time.DAY), journeys.cartReminder(), Kind.AUTOMATED));
      }
      if (chance(r, 0.035)) {
        messages.add(new Message(day + uniform(r, 0, Time.DAY), null, Kind.TRANSACTIONAL));
      }
    }
    messages.removeIf(m -> m.time() < from || m.time() >= end);
    messages.sort(Comparator.comparingLong(Message::time));
    return messages;
  }

  /**
   * The fatigue step ({@link PlantedEffects#FATIGUE_STEP}): at each midnight up to {@code t}, a
   * user opted in to push who received at least the step's pushes in the 7 days before may opt out
   * that day.
   */
  private void midnightsUntil(long t) {
    while (nextMidnight <= t && nextMidnight < settings.endMillis()) {
      long midnight = nextMidnight;
      nextMidnight += Time.DAY;
      applyPendingUntil(midnight - 1);
      if (!Boolean.TRUE.equals(optedIn.get(Channel.PUSH))) {
        continue;
      }
      int received = 0;
      for (int i = deliveries.size() - 1;
          i >= 0 && deliveries.get(i) >= midnight - Time.DAY * 7;
          i--) {
        if (deliveries.get(i) < midnight) {
          received++;
        }
      }
      if (received >= PlantedEffects.FATIGUE_STEP && chance(planted, PlantedEffects.STEP_HAZARD)) {
        pending.add(
            new Intent(
                Channel.PUSH,
                false,
                midnight + uniform(planted, Time.MINUTE, Time.DAY - Time.MINUTE),
                "settings",
                true,
                true));
      }
    }
  }

  /** A user who leaves the app altogether opts out of push weeks later ({@link PlantedEffects}). */
  private void scheduleDormantOptOut() {
    if (PlantedEffects.gone(user, settings)) {
      long t =
          user.churnTime()
              + uniform(
                  planted, PlantedEffects.DORMANT_OPT_OUT_FROM, PlantedEffects.DORMANT_OPT_OUT_TO);
      pending.add(new Intent(Channel.PUSH, false, t, "os_settings", true, false));
    }
  }

  private void send(Message message) {
    if (!Boolean.TRUE.equals(optedIn.get(Channel.PUSH))) {
      return;
    }
    String messageId = "m-" + user.userId() + "-" + (++messageSeq);
    long t = message.time();
    push(messageId, message, "sent", t);
    double failure = "web".equals(user.platform()) ? 0.08 : 0.03;
    if (chance(r, failure)) {
      long failed = t + uniform(r, Time.SECOND, 30 * Time.SECOND);
      push(messageId, message, "failed", failed);
      if (chance(planted, PlantedEffects.OPT_OUT_AFTER_FAILURE)) {
        // the device no longer takes pushes: the app sees its permission gone soon after
        pending.add(
            new Intent(
                Channel.PUSH,
                false,
                failed + uniform(planted, Time.MINUTE, 2 * Time.HOUR),
                "os_settings",
                true,
                false));
      }
      return;
    }
    // Most pushes arrive within a minute; devices that are offline get them hours later.
    long delivered =
        t
            + (chance(r, 0.9)
                ? uniform(r, 200, Time.MINUTE)
                : uniform(r, 5 * Time.MINUTE, 10 * Time.HOUR));
    push(messageId, message, "delivered", delivered);
    if (delivered < settings.endMillis()) {
      deliveries.add(delivered);
    }
    int pressure = deliveriesInPastWeek(delivered);
    engage(messageId, message, delivered, pressure);
    maybeOptOutAfter(message, delivered, pressure);
    if (message.optOutFactor() > 1 && chance(planted, PlantedEffects.HARMFUL_OPT_OUT)) {
      pending.add(
          new Intent(
              Channel.PUSH,
              false,
              delivered + Time.MINUTE + (long) exponential(planted, 2 * Time.HOUR),
              "settings",
              true,
              true));
    }
  }

  /** Deliveries in {@code (t - 7 days, t]}, this one included. */
  private int deliveriesInPastWeek(long t) {
    while (!recentDeliveries.isEmpty() && recentDeliveries.peekFirst() <= t - PRESSURE_WINDOW) {
      recentDeliveries.pollFirst();
    }
    recentDeliveries.addLast(t);
    return recentDeliveries.size();
  }

  private void engage(String messageId, Message message, long delivered, int pressure) {
    double typeFactor =
        switch (message.kind()) {
          case TRANSACTIONAL -> 3.0;
          case AUTOMATED -> 1.4;
          case BROADCAST -> 1.0;
        };
    // Fatigue: the more pushes this week, the fewer get opened.
    double open = Math.min(0.9, user.openPropensity() * typeFactor / (1 + 0.1 * pressure));
    if (chance(r, open)) {
      long opened =
          delivered + Math.min(Time.DAY, (long) exponential(r, 25 * Time.MINUTE)) + Time.SECOND;
      push(messageId, message, "opened", opened);
      opens.add(opened);
      if (chance(r, 0.35)) {
        push(messageId, message, "clicked", opened + uniform(r, 2 * Time.SECOND, Time.MINUTE));
      }
    } else if (chance(r, 0.3)) {
      push(
          messageId,
          message,
          "dismissed",
          delivered + Math.min(Time.DAY, (long) exponential(r, 15 * Time.MINUTE)) + Time.SECOND);
    }
  }

  /**
   * The signal the analyses look for: opt-out risk grows super-linearly with weekly push pressure.
   */
  private void maybeOptOutAfter(Message message, long delivered, int pressure) {
    double excess = Math.max(0, pressure - PRESSURE_FREE_DELIVERIES);
    double kindFactor = message.kind() == Kind.TRANSACTIONAL ? 0.3 : 1.0;
    double sensitivity = user.pushSensitivity() * (returnedToPush ? RETURNING_USER_SENSITIVITY : 1);
    double p =
        BASE_OPT_OUT_PER_DELIVERY
            * sensitivity
            * kindFactor
            * message.optOutFactor()
            * (1 + 0.3 * Math.pow(excess, 1.5));
    if (chance(r, Math.min(0.5, p))) {
      long t = delivered + Math.max(30 * Time.SECOND, (long) exponential(r, 2 * Time.HOUR));
      pending.add(
          new Intent(
              Channel.PUSH, false, t, chance(r, 0.8) ? "settings" : "os_settings", true, true));
    }
  }

  private void applyPendingUntil(long t) {
    while (!pending.isEmpty() && pending.peek().time() <= t) {
      apply(pending.poll());
    }
  }

  private void apply(Intent intent) {
    if (intent.time() >= settings.endMillis()) {
      return;
    }
    Boolean state = optedIn.get(intent.channel());
    boolean current = Boolean.TRUE.equals(state);
    if (intent.requiredState() != null && current != intent.requiredState()) {
      return;
    }
    record(intent.channel(), intent.optIn(), intent.time(), intent.source());
    if (!intent.optIn() && intent.followUps()) {
      scheduleFollowUps(intent);
    }
    if (!intent.optIn() && intent.channel() == Channel.PUSH) {
      cascade(intent.time());
    }
  }

  /**
   * After an opt-out: sometimes the same opt-out arrives again (a retried API call, a second
   * unsubscribe click), and sometimes the user opts back in a few days later.
   */
  private void scheduleFollowUps(Intent optOut) {
    long t = optOut.time();
    if (chance(r, 0.12)) {
      pending.add(
          new Intent(
              optOut.channel(),
              false,
              t + uniform(r, Time.MINUTE, 4 * Time.DAY),
              "api",
              false,
              false));
    }
    double reOptIn = optOut.channel() == Channel.PUSH ? 0.3 : 0.08;
    if (chance(r, reOptIn)) {
      String source = optOut.channel() == Channel.PUSH && chance(r, 0.5) ? "os_prompt" : "settings";
      pending.add(
          new Intent(
              optOut.channel(),
              true,
              t + uniform(r, 6 * Time.HOUR, 14 * Time.DAY),
              source,
              false,
              false));
    }
  }

  /** A push opt-out carried over to the user's other channels ({@link PlantedEffects#CASCADE}). */
  private void cascade(long t) {
    for (Channel other : new Channel[] {Channel.EMAIL, Channel.SMS}) {
      if (Boolean.TRUE.equals(optedIn.get(other)) && chance(planted, PlantedEffects.CASCADE)) {
        pending.add(
            new Intent(
                other,
                false,
                t + uniform(planted, 10 * Time.MINUTE, 3 * Time.DAY),
                other == Channel.EMAIL ? "unsubscribe_link" : "api",
                true,
                false));
      }
    }
  }

  private void record(Channel channel, boolean optIn, long time, String source) {
    if (channel == Channel.PUSH && optIn && Boolean.FALSE.equals(optedIn.get(channel))) {
      returnedToPush = true;
    }
    optedIn.put(channel, optIn);
    consent.add(new ConsentChange(channel, optIn, time, source));
  }

  private void push(String messageId, Message message, String eventType, long time) {
    if (time < settings.endMillis()) {
      pushes.add(new PushEvent(messageId, message.campaignId(), eventType, time));
    }
  }
}
