package io.optout.metrics;

import static org.apache.spark.sql.functions.udf;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code fisher(a, n1, b, n2)} of docs/metrics.md section 9: the one-sided p-value of Fisher's
 * exact test that the rate a/n1 is greater than the rate b/n2, P(X >= a) for X hypergeometric
 * (population n1 + n2, a + b successes, n1 draws). Commons Math sums the tail from the top of the
 * support down, so the work grows with the successes (opt-outs, few), not with the population.
 */
public final class FishersExactTest {
  private FishersExactTest() {}

  /** 1 when a = 0 (every count is at least 0 opt-outs); never above 1 (rounding of the sum). */
  public static double greater(long a, long n1, long b, long n2) {
    if (a <= 0) {
      return 1.0;
    }
    // no random generator: the distribution is only evaluated, never sampled (the default one
    // seeds a Mersenne twister per instance)
    HypergeometricDistribution x =
        new HypergeometricDistribution(
            null, Math.toIntExact(n1 + n2), Math.toIntExact(a + b), Math.toIntExact(n1));
    return Math.min(1.0, x.upperCumulativeProbability(Math.toIntExact(a)));
  }

  /** The p-value as a column of four long columns; null when any of them is null. */
  public static Column greater(Column a, Column n1, Column b, Column n2) {
    return udf(new Greater(), DataTypes.DoubleType)
        .apply(a.cast("long"), n1.cast("long"), b.cast("long"), n2.cast("long"));
  }

  private static final class Greater implements UDF4<Long, Long, Long, Long, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public Double call(Long a, Long n1, Long b, Long n2) {
      if (a == null || n1 == null || b == null || n2 == null) {
        return null;
      }
      return FishersExactTest.greater(a, n1, b, n2);
    }
  }
}
