package io.optout.metrics;

import io.optout.schema.Columns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The step of one pooled fatigue curve for {@link FrequencyCap} (docs/metrics.md section 9): the
 * push count k where one opt-out rate below and another above fit the curve best (log-likelihood
 * ratio against a single rate), among the candidates with enough users on both sides and a higher
 * rate above; its p-value is Fisher's, Bonferroni-corrected for the candidates tried. Plain Java
 * over at most cap points per (day, app, channel).
 *
 * <p>Input: the pooled points (pushes_received, users_at_risk, opt_outs).
 */
final class FatigueStep implements UDF1<Seq<Row>, Row> {
  private static final long serialVersionUID = 1L;

  /** Candidates whose scores differ by less than this are tied (the smaller k wins). */
  private static final double SCORE_TIE = 1e-9;

  private final int cap;
  private final long minUsers;
  private final double alpha;

  FatigueStep(int cap, long minUsers, double alpha) {
    this.cap = cap;
    this.minUsers = minUsers;
    this.alpha = alpha;
  }

  static DataType returnType() {
    return new StructType(
        new StructField[] {
          DataTypes.createStructField(Columns.STEP_AT, DataTypes.IntegerType, true),
          DataTypes.createStructField(Columns.ELIGIBLE_CANDIDATES, DataTypes.IntegerType, false),
          DataTypes.createStructField(Columns.USERS_BELOW, DataTypes.LongType, true),
          DataTypes.createStructField(Columns.OPT_OUTS_BELOW, DataTypes.LongType, true),
          DataTypes.createStructField(Columns.USERS_ABOVE, DataTypes.LongType, true),
          DataTypes.createStructField(Columns.OPT_OUTS_ABOVE, DataTypes.LongType, true),
          DataTypes.createStructField(Columns.RATE_BELOW_PER_1000, DataTypes.DoubleType, true),
          DataTypes.createStructField(Columns.RATE_ABOVE_PER_1000, DataTypes.DoubleType, true),
          DataTypes.createStructField(Columns.P_VALUE, DataTypes.DoubleType, true),
          DataTypes.createStructField(Columns.IS_SIGNIFICANT, DataTypes.BooleanType, true),
          DataTypes.createStructField(Columns.RECOMMENDED_CAP, DataTypes.IntegerType, true)
        });
  }

  @Override
  public Row call(Seq<Row> points) {
    long[] users = new long[cap + 1];
    long[] optOuts = new long[cap + 1];
    for (Row point : JavaConverters.seqAsJavaList(points)) {
      int j = point.getInt(0);
      // users who received no push are left out: the question is how many is too many
      if (j >= 1 && j <= cap) {
        users[j] += point.getLong(1);
        optOuts[j] += point.getLong(2);
      }
    }
    long allUsers = 0;
    long allOptOuts = 0;
    for (int j = 1; j <= cap; j++) {
      allUsers += users[j];
      allOptOuts += optOuts[j];
    }
    int eligible = 0;
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    long usersBelow = 0;
    long optOutsBelow = 0;
    for (int k = 2; k <= cap; k++) {
      usersBelow += users[k - 1];
      optOutsBelow += optOuts[k - 1];
      long usersAbove = allUsers - usersBelow;
      long optOutsAbove = allOptOuts - optOutsBelow;
      // rate above > rate below, compared exactly: o_a / n_a > o_b / n_b
      if (usersBelow >= minUsers
          && usersAbove >= minUsers
          && (double) optOutsAbove * usersBelow > (double) optOutsBelow * usersAbove) {
        eligible++;
        double score =
            logLikelihood(optOutsBelow, usersBelow)
                + logLikelihood(optOutsAbove, usersAbove)
                - logLikelihood(allOptOuts, allUsers);
        if (best < 0 || score > bestScore + SCORE_TIE) {
          best = k;
          bestScore = score;
        }
      }
    }
    if (best < 0) {
      return RowFactory.create(null, 0, null, null, null, null, null, null, null, null, null);
    }
    long nb = 0;
    long ob = 0;
    for (int j = 1; j < best; j++) {
      nb += users[j];
      ob += optOuts[j];
    }
    long na = allUsers - nb;
    long oa = allOptOuts - ob;
    double p = Math.min(1.0, eligible * FishersExactTest.greater(oa, na, ob, nb));
    boolean significant = p <= alpha;
    return RowFactory.create(
        best,
        eligible,
        nb,
        ob,
        na,
        oa,
        1000.0 * ob / nb,
        1000.0 * oa / na,
        p,
        significant,
        significant ? best - 1 : null);
  }

  /** L(o, n) = o ln(o/n) + (n - o) ln(1 - o/n), with 0 ln 0 = 0. */
  static double logLikelihood(long o, long n) {
    double rate = (double) o / n;
    double in = o == 0 ? 0 : o * Math.log(rate);
    double out = n - o == 0 ? 0 : (n - o) * Math.log(1 - rate);
    return in + out;
  }
}
