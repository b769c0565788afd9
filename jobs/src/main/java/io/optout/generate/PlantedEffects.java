package io.optout.generate;

import static io.optout.generate.Draws.chance;

/**
 * The effects the sample lake plants for the tables of docs/why.md to find, each from streams of
 * its own so the rest of a user's history keeps its draws: devices whose pushes fail before a push
 * opt-out (cause token_invalid), push opt-outs followed by email or SMS opt-outs (cascade), users
 * who leave the app for weeks and then opt out (dormant), and a step in the push fatigue curve: a
 * key opted in to push whose user received at least {@link #FATIGUE_STEP} pushes in the 7 days
 * before a midnight opts out that day with an extra {@link #STEP_HAZARD}. The irritating broadcasts
 * of {@link CampaignPlanner} are the campaigns that raise opt-outs; the others are harmless.
 */
final class PlantedEffects {
  private PlantedEffects() {}

  /** Pushes received in the 7 days before a midnight from which the daily risk steps up. */
  static final int FATIGUE_STEP = 4;

  /** The extra daily opt-out probability of a push key at or above the step. */
  static final double STEP_HAZARD = 0.02;

  /**
   * An irritating broadcast's delivery is followed by a push opt-out within hours with this
   * probability, on top of the broadcast's raised per-delivery risk.
   */
  static final double HARMFUL_OPT_OUT = 0.12;

  /** A failed push is followed by the device's push opt-out (a token gone invalid). */
  static final double OPT_OUT_AFTER_FAILURE = 0.25;

  /** A push opt-out is followed by an email (or SMS) opt-out of the same user. */
  static final double CASCADE = 0.25;

  /** A user who drifts away (churns) stops using the app altogether, then opts out weeks later. */
  static final double GONE = 0.5;

  static final long DORMANT_OPT_OUT_FROM = 20 * Time.DAY;
  static final long DORMANT_OPT_OUT_TO = 40 * Time.DAY;

  /** Whether a churned user leaves the app altogether: the same answer wherever it is asked. */
  static boolean gone(UserProfile user, GeneratorSettings settings) {
    return user.churnTime() != Long.MAX_VALUE
        && chance(Draws.stream(settings.seed(), user.index(), Draws.Purpose.PLANTED_DORMANT), GONE);
  }
}
