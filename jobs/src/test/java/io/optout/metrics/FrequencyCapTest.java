package io.optout.metrics;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.schema.Columns;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class FrequencyCapTest {
  /** The day 04-28: with P = 28 it pools the fatigue rows of 04-01 .. 04-28. */
  private static final LocalDays APR_28 =
      new LocalDays(LocalDate.parse("2024-04-28"), LocalDate.parse("2024-04-28"), ZoneOffset.UTC);

  private static final FrequencyCap.Settings SETTINGS = new FrequencyCap.Settings(28, 4, 100, 0.01);

  private static Object[] fatigue(String day, String app, int pushes, long users, long optOuts) {
    String bucket = pushes >= 4 ? "4+" : Integer.toString(pushes);
    return new Object[] {
      date(day), app, "push", pushes, bucket, users, optOuts, 1000.0 * optOuts / users
    };
  }

  private static Map<String, Row> caps(SparkSession spark) {
    Dataset<Row> curve =
        frame(
            spark,
            PushFatigueTable.SPEC.schema(),
            // a1: 1% below 3 pushes, 10% from 3 on; the days 04-01 and 04-28 pool together
            fatigue("2024-04-01", "a1", 0, 1000, 0), // no push: left out
            fatigue("2024-04-01", "a1", 1, 200, 2),
            fatigue("2024-04-28", "a1", 1, 200, 2),
            fatigue("2024-04-01", "a1", 2, 400, 4),
            fatigue("2024-04-01", "a1", 3, 300, 30),
            fatigue("2024-04-28", "a1", 4, 300, 30),
            fatigue("2024-03-31", "a1", 1, 100_000, 0), // P days before 04-28: outside
            // a2: a higher rate above 2 pushes, but not significantly
            fatigue("2024-04-10", "a2", 1, 100, 1),
            fatigue("2024-04-10", "a2", 2, 100, 2),
            // a3: only users without pushes: a row, no candidate
            fatigue("2024-04-10", "a3", 0, 500, 5),
            // a4: only before the period: no row
            fatigue("2024-03-31", "a4", 1, 500, 5));
    return FrequencyCap.of(curve, APR_28, SETTINGS).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs(Columns.APP_ID), r -> r));
  }

  @Test
  void theStepIsTheSplitWithTheGreatestLikelihoodRatio(SparkSession spark) {
    Map<String, Row> caps = caps(spark);
    assertEquals(java.util.Set.of("a1", "a2", "a3"), caps.keySet());
    Row a1 = caps.get("a1");
    // candidates k = 2, 3, 4 all have 100+ users each side and a higher rate above; k = 3 splits
    // 1% from 10% exactly, so its likelihood ratio is the greatest
    assertEquals(3, a1.<Integer>getAs(Columns.ELIGIBLE_CANDIDATES));
    assertEquals(3, a1.<Integer>getAs(Columns.STEP_AT));
    assertEquals(800L, a1.<Long>getAs(Columns.USERS_BELOW));
    assertEquals(8L, a1.<Long>getAs(Columns.OPT_OUTS_BELOW));
    assertEquals(600L, a1.<Long>getAs(Columns.USERS_ABOVE));
    assertEquals(60L, a1.<Long>getAs(Columns.OPT_OUTS_ABOVE));
    assertEquals(10.0, a1.<Double>getAs(Columns.RATE_BELOW_PER_1000), 1e-9);
    assertEquals(100.0, a1.<Double>getAs(Columns.RATE_ABOVE_PER_1000), 1e-9);
    assertEquals(
        Math.min(1, 3 * FishersExactTest.greater(60, 600, 8, 800)),
        a1.<Double>getAs(Columns.P_VALUE),
        1e-15);
    assertTrue(a1.<Double>getAs(Columns.P_VALUE) < 1e-9);
    assertEquals(true, a1.<Boolean>getAs(Columns.IS_SIGNIFICANT));
    assertEquals(2, a1.<Integer>getAs(Columns.RECOMMENDED_CAP));
  }

  @Test
  void aStepThatIsNotSignificantRecommendsNoCap(SparkSession spark) {
    Row a2 = caps(spark).get("a2");
    // only k = 2 has users on both sides: 1 of 100 below, 2 of 100 above
    assertEquals(1, a2.<Integer>getAs(Columns.ELIGIBLE_CANDIDATES));
    assertEquals(2, a2.<Integer>getAs(Columns.STEP_AT));
    assertEquals(FishersExactTest.greater(2, 100, 1, 100), a2.<Double>getAs(Columns.P_VALUE), 1e-9);
    assertEquals(false, a2.<Boolean>getAs(Columns.IS_SIGNIFICANT));
    assertNull(a2.getAs(Columns.RECOMMENDED_CAP));
  }

  @Test
  void withoutAnEligibleCandidateOnlyTheCountIsSet(SparkSession spark) {
    Row a3 = caps(spark).get("a3");
    assertEquals(0, a3.<Integer>getAs(Columns.ELIGIBLE_CANDIDATES));
    assertNull(a3.getAs(Columns.STEP_AT));
    assertNull(a3.getAs(Columns.P_VALUE));
    assertNull(a3.getAs(Columns.USERS_BELOW));
    assertNull(a3.getAs(Columns.RECOMMENDED_CAP));
  }

  @Test
  void zeroTimesLogZeroIsZero() {
    assertEquals(0.0, FatigueStep.logLikelihood(0, 10), 0);
    assertEquals(0.0, FatigueStep.logLikelihood(10, 10), 0);
    // 1 of 2: 2 * ln(1/2)
    assertEquals(2 * Math.log(0.5), FatigueStep.logLikelihood(1, 2), 1e-12);
  }
}
