package io.optout.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FishersExactTestTest {
  @Test
  void theUpperTailOfTheHypergeometricIsWrittenOut() {
    // 3 of 5 exposed opted out, 1 of 5 others: population 10, 4 opt-outs, 5 draws.
    // P(X >= 3) = [C(4,3) C(6,2) + C(4,4) C(6,1)] / C(10,5) = (4*15 + 1*6) / 252 = 66 / 252
    assertEquals(66.0 / 252.0, FishersExactTest.greater(3, 5, 1, 5), 1e-9);
    // 2 of 2 against 0 of 2: P(X >= 2) = C(2,2) C(2,0) / C(4,2) = 1/6
    assertEquals(1.0 / 6.0, FishersExactTest.greater(2, 2, 0, 2), 1e-9);
    // 2 of 3 against 0 of 2: C(2,2) C(3,1) / C(5,3) = 3/10
    assertEquals(0.3, FishersExactTest.greater(2, 3, 0, 2), 1e-9);
  }

  @Test
  void noOptOutIsNoEvidenceAndThePValueNeverExceedsOne() {
    assertEquals(1.0, FishersExactTest.greater(0, 100, 50, 100), 1e-9);
    // the smallest possible a given the margins: the whole distribution, 1 up to rounding
    assertEquals(1.0, FishersExactTest.greater(1, 10, 0, 0), 1e-9);
    for (int a = 1; a <= 10; a++) {
      double p = FishersExactTest.greater(a, 10, 10 - a, 10);
      assertEquals(true, p <= 1.0 && p > 0, "p=" + p);
    }
  }
}
