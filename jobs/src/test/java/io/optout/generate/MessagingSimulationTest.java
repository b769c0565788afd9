package io.optout.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.generate.MessagingSimulation.Channel;
import io.optout.generate.MessagingSimulation.ConsentChange;
import io.optout.generate.MessagingSimulation.PushEvent;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-user simulation, without Spark: the signal the analyses are meant to find. */
class MessagingSimulationTest {
  private static final GeneratorSettings SETTINGS =
      new GeneratorSettings(4000, 60, LocalDate.parse("2024-03-01"), 3, 11L);
  private static final List<SampleApp> APPS = SampleApp.of(SETTINGS.apps());
  private static final CampaignPlan PLAN = CampaignPlanner.plan(SETTINGS, APPS);

  private static MessagingSimulation.Result simulate(long user) {
    return MessagingSimulation.run(UserProfile.draw(user, SETTINGS, APPS), SETTINGS, PLAN);
  }

  @Test
  void optOutsFollowDeliveriesMoreOftenUnderHigherWeeklyPushPressure() {
    long[] deliveries = new long[2];
    long[] followedByOptOut = new long[2];
    for (long user = 0; user < SETTINGS.users(); user++) {
      MessagingSimulation.Result result = simulate(user);
      List<Long> optOuts =
          result.consent().stream()
              .filter(c -> c.channel() == Channel.PUSH && !c.optIn())
              .map(ConsentChange::time)
              .toList();
      ArrayDeque<Long> week = new ArrayDeque<>();
      for (PushEvent push : result.pushes()) {
        if (!push.eventType().equals("delivered")) {
          continue;
        }
        long t = push.time();
        while (!week.isEmpty() && week.peekFirst() <= t - 7 * Time.DAY) {
          week.pollFirst();
        }
        week.addLast(t);
        int bucket = week.size() >= 5 ? 1 : week.size() <= 2 ? 0 : -1;
        if (bucket >= 0) {
          deliveries[bucket]++;
          if (optOuts.stream().anyMatch(o -> o > t && o <= t + Time.DAY)) {
            followedByOptOut[bucket]++;
          }
        }
      }
    }
    double low = (double) followedByOptOut[0] / deliveries[0];
    double high = (double) followedByOptOut[1] / deliveries[1];
    assertTrue(deliveries[1] > 1000, "enough deliveries under high pressure: " + deliveries[1]);
    // the planted opt-outs that do not follow pressure (failed pushes, users who left the app,
    // irritating broadcasts: PlantedEffects) raise both rates, the low one relatively more
    assertTrue(
        high > 1.5 * low,
        "opt-out within a day after a delivery: "
            + low
            + " at <= 2 deliveries a week, "
            + high
            + " at >= 5");
  }

  @Test
  void irritatingBroadcastsCauseAnOptOutBurstAFewPerApp() {
    java.util.Set<String> irritating = new java.util.HashSet<>();
    for (SampleApp app : APPS) {
      java.util.Set<String> ofApp = new java.util.HashSet<>();
      PLAN.waves(app.index()).stream()
          .filter(w -> w.optOutFactor() > 1)
          .forEach(w -> ofApp.add(w.campaignId()));
      assertEquals(2, ofApp.size(), app.id() + ": one irritating broadcast per 30 days");
      irritating.addAll(ofApp);
    }
    long[] deliveries = new long[2];
    long[] followedByOptOut = new long[2];
    for (long user = 0; user < SETTINGS.users(); user++) {
      MessagingSimulation.Result result = simulate(user);
      List<Long> optOuts =
          result.consent().stream()
              .filter(c -> c.channel() == Channel.PUSH && !c.optIn())
              .map(ConsentChange::time)
              .toList();
      for (PushEvent push : result.pushes()) {
        if (push.eventType().equals("delivered")
            && push.campaignId() != null
            && push.campaignId().matches(".*-c\\d{3}")) {
          int kind = irritating.contains(push.campaignId()) ? 1 : 0;
          deliveries[kind]++;
          if (optOuts.stream().anyMatch(o -> o > push.time() && o <= push.time() + Time.DAY)) {
            followedByOptOut[kind]++;
          }
        }
      }
    }
    double usual = (double) followedByOptOut[0] / deliveries[0];
    double irritatingRate = (double) followedByOptOut[1] / deliveries[1];
    assertTrue(
        irritatingRate > 5 * usual,
        "opt-out within a day after a broadcast: "
            + usual
            + " usually, "
            + irritatingRate
            + " irritating");
  }

  @Test
  void pushesAreSentOnlyWhileTheUserIsOptedInToPush() {
    for (long user = 0; user < 500; user++) {
      MessagingSimulation.Result result = simulate(user);
      for (PushEvent push : result.pushes()) {
        if (push.eventType().equals("sent")) {
          Boolean optedIn = null;
          for (ConsentChange change : result.consent()) {
            if (change.channel() == Channel.PUSH && change.time() <= push.time()) {
              optedIn = change.optIn();
            }
          }
          assertEquals(Boolean.TRUE, optedIn, "user " + user + " message " + push.messageId());
        }
      }
    }
  }

  @Test
  void theSameUserAndSeedGiveTheSameHistory() {
    assertEquals(simulate(42), simulate(42));
  }
}
