package io.optout.generate;

import java.util.SplittableRandom;

/**
 * Random draws the simulation needs, on an explicit {@link SplittableRandom} so that every user's
 * rows depend only on the seed and the user's index (never on partitioning or thread timing).
 */
final class Draws {
  private Draws() {}

  /** SplitMix64 finaliser: spreads nearby seeds (user 1, user 2, ...) over unrelated streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An independent stream per (seed, user, purpose): a lake's rows never shift another lake's. */
  static SplittableRandom stream(long seed, long user, Purpose purpose) {
    return new SplittableRandom(
        mix(mix(mix(seed) + user) + purpose.ordinal() * 0x9E3779B97F4A7C15L));
  }

  /** What a random stream is used for. */
  enum Purpose {
    CAMPAIGNS,
    PROFILE,
    MESSAGING,
    ACTIVITY,
    CONSENT_ROWS,
    PUSH_ROWS,
    EVENT_ROWS,
    SPIKES,
    PLANTED,
    PLANTED_DORMANT
  }

  static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  static long uniform(SplittableRandom r, long fromInclusive, long toExclusive) {
    return toExclusive <= fromInclusive ? fromInclusive : r.nextLong(fromInclusive, toExclusive);
  }

  static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(1.0 - r.nextDouble());
  }

  /** Knuth's method: fine for the small rates used here (a few per day). */
  static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    double limit = Math.exp(-lambda);
    double product = r.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= r.nextDouble();
      n++;
    }
    return n;
  }

  /**
   * Log-normal with the given mean: a few very active (or very sensitive) users, many quiet ones.
   */
  static double logNormal(SplittableRandom r, double mean, double sigma) {
    return mean * Math.exp(sigma * r.nextGaussian() - sigma * sigma / 2);
  }

  /** Index drawn with probability proportional to {@code weights[i]}. */
  static int weighted(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }
}
