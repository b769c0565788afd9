package io.optout.export;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeltaVersionsTest {
  private static TableVersion v(long version, String at) {
    return new TableVersion(version, Instant.parse(at));
  }

  private static final List<TableVersion> FACTS =
      List.of(
          v(0, "2024-03-01T02:00:10Z"), v(1, "2024-03-02T02:00:10Z"), v(2, "2024-03-03T02:00:10Z"));
  private static final List<TableVersion> STATES =
      List.of(
          v(0, "2024-03-01T02:00:05Z"),
          v(1, "2024-03-02T02:00:05Z"),
          v(2, "2024-03-02T02:00:10Z"),
          v(3, "2024-03-03T02:00:05Z"));

  @Test
  void latestFactsUnlessAVersionIsAsked() {
    assertEquals(2, DeltaVersions.facts(FACTS, OptionalLong.empty(), "optout_facts").version());
    assertEquals(1, DeltaVersions.facts(FACTS, OptionalLong.of(1), "optout_facts").version());
    OptoutException e =
        assertThrows(
            OptoutException.class,
            () -> DeltaVersions.facts(FACTS, OptionalLong.of(7), "optout_facts"));
    assertEquals(OptoutException.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("has versions 0..2"), e.getMessage());
  }

  @Test
  void consentStateIsTheLatestCommittedAtOrBeforeTheFactsCommit() {
    assertEquals(0, DeltaVersions.consentStateFor(STATES, FACTS.get(0)).version());
    // version 2 commits at the very same instant as facts version 1: it counts (<=).
    assertEquals(2, DeltaVersions.consentStateFor(STATES, FACTS.get(1)).version());
    assertEquals(3, DeltaVersions.consentStateFor(STATES, FACTS.get(2)).version());
  }

  @Test
  void consentStateYoungerThanTheFactsFallsBackToItsOldestVersion() {
    List<TableVersion> young = List.of(v(0, "2024-03-05T00:00:00Z"), v(1, "2024-03-06T00:00:00Z"));
    assertEquals(0, DeltaVersions.consentStateFor(young, FACTS.get(0)).version());
  }
}
