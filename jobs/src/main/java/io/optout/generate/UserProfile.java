package io.optout.generate;

import static io.optout.generate.Draws.chance;
import static io.optout.generate.Draws.uniform;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Who a generated user is: app, platform, audience segment, ids, when they signed up, how active
 * they are and how quickly pushes annoy them. Drawn from the user's own random stream.
 */
record UserProfile(
    long index,
    SampleApp app,
    String userId,
    String externalId,
    String deviceId,
    String platform,
    int segment,
    long signup,
    double sessionsPerDay,
    long churnTime,
    double pushSensitivity,
    double openPropensity) {

  private static final String[] PLATFORMS = {"ios", "android", "web"};
  private static final double[] PLATFORM_SHARES = {0.45, 0.45, 0.10};

  /**
   * Share of users who existed before the window: their sign-up (first opt-in) is older history.
   */
  private static final double EXISTING_USERS = 0.65;

  static final int PRE_HISTORY_DAYS = 30;

  static UserProfile draw(long index, GeneratorSettings s, List<SampleApp> apps) {
    SplittableRandom r = Draws.stream(s.seed(), index, Draws.Purpose.PROFILE);
    double[] shares = apps.stream().mapToDouble(SampleApp::userShare).toArray();
    SampleApp app = apps.get(Draws.weighted(r, shares));
    String platform = PLATFORMS[Draws.weighted(r, PLATFORM_SHARES)];
    int segment = r.nextInt(CampaignPlanner.SEGMENTS);
    String externalId = chance(r, 0.7) ? "cust-" + (100_000_000 + r.nextInt(900_000_000)) : null;
    String deviceId = "dev-" + Long.toHexString(r.nextLong() | (1L << 60));
    long signup =
        chance(r, EXISTING_USERS)
            ? s.startMillis() - uniform(r, Time.MINUTE, PRE_HISTORY_DAYS * Time.DAY)
            : uniform(r, s.startMillis(), s.endMillis());
    double sessionsPerDay = Draws.logNormal(r, 0.22, 0.9);
    // One user in five drifts away during the window: their activity drops sharply.
    long churnTime = chance(r, 0.2) ? uniform(r, s.startMillis(), s.endMillis()) : Long.MAX_VALUE;
    double pushSensitivity = Draws.logNormal(r, 1.0, 0.6);
    double openPropensity = uniform(r, 30, 180) / 1000.0;
    return new UserProfile(
        index,
        app,
        "u" + index,
        externalId,
        deviceId,
        platform,
        segment,
        signup,
        sessionsPerDay,
        churnTime,
        pushSensitivity,
        openPropensity);
  }
}
