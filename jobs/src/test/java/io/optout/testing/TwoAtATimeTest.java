package io.optout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class TwoAtATimeTest {
  @Test
  void resultsKeepTheItemsOrderAndFilterKeepsWhatHolds() {
    assertEquals(List.of(10, 20, 30, 40), TwoAtATime.map(List.of(1, 2, 3, 4), i -> i * 10));
    assertEquals(List.of(2, 4), TwoAtATime.filter(List.of(1, 2, 3, 4), i -> i % 2 == 0));
  }

  @Test
  void aFailedAssertionIsRethrownAsItWas() {
    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> TwoAtATime.forEach(List.of(1, 2, 3), i -> assertEquals(1, i, "item " + i)));
    assertEquals("item 2 ==> expected: <1> but was: <2>", failure.getMessage());
  }

  @Test
  void checksNeverRunInTheCommonForkJoinPool() {
    // S3A's parallel streams inside Spark tasks need that pool free (see the class comment)
    TwoAtATime.forEach(
        List.of(1, 2, 3, 4),
        i -> assertFalse(Thread.currentThread() instanceof ForkJoinWorkerThread, "item " + i));
  }
}
