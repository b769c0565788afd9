package io.optout.lake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountingPassTest {
  @Test
  void aGroupTellsEachDistinctSecondKeyOnceAlsoPastTheSmallArray() {
    AccountingPass.SecondKeys keys = new AccountingPass.SecondKeys();
    for (long key = 0; key < 40; key++) {
      assertTrue(keys.add(key * 7), "first time " + key);
    }
    for (long key = 0; key < 40; key++) {
      assertFalse(keys.add(key * 7), "again " + key);
    }
    assertTrue(keys.add(-1));
    keys.clear();
    assertTrue(keys.add(0), "a new group starts empty");
    assertFalse(keys.add(0));
  }
}
