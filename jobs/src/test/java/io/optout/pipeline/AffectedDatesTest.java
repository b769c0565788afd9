package io.optout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.config.Lake;
import io.optout.lake.ListedFile;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** How far back each kind of changed input reaches, on hand-picked partitions. */
class AffectedDatesTest {
  /** Lookback X = 30, consent reach max(A = 7, H = 2) = 7, finality lag 31 (why tables on). */
  private static final AffectedDates DEFAULTS = new AffectedDates(31, 8, 31);

  private static final LocalDate D = LocalDate.parse("2024-06-30");

  private static LocalDate d(String date) {
    return LocalDate.parse(date);
  }

  private static InputChanges changed(Lake lake, String... dts) {
    SortedSet<LocalDate> set = new TreeSet<>();
    for (String dt : dts) {
      set.add(d(dt));
    }
    return new InputChanges(Map.of(lake, set), false);
  }

  private static Optional<LocalDate> first(InputChanges changes, ZoneId zone) {
    return DEFAULTS.firstDate(changes, D, D, List.of(), Optional.empty(), zone);
  }

  @Test
  void nothingChangedAndTheSameAsOfDateRecomputesNothing() {
    assertEquals(Optional.empty(), first(new InputChanges(Map.of(), false), ZoneOffset.UTC));
  }

  @Test
  void aPushPartitionReachesOneDayBackForAZoneAheadOfUtc() {
    assertEquals(
        Optional.of(d("2024-06-09")), first(changed(Lake.PUSH, "2024-06-10"), ZoneOffset.UTC));
    // 2024-06-10T00:00Z is still 06-09 in New York: one more day back
    assertEquals(
        Optional.of(d("2024-06-08")),
        first(changed(Lake.PUSH, "2024-06-10"), ZoneId.of("America/New_York")));
  }

  @Test
  void anEventPartitionReachesTheLongestLookbackBack() {
    assertEquals(
        Optional.of(d("2024-05-10")), first(changed(Lake.EVENT, "2024-06-10"), ZoneOffset.UTC));
  }

  @Test
  void aConsentPartitionReachesTheAttributionOrImpactHorizonBack() {
    // the earliest of two partitions decides
    assertEquals(
        Optional.of(d("2024-01-24")),
        first(changed(Lake.CONSENT, "2024-06-20", "2024-02-01"), ZoneOffset.UTC));
  }

  @Test
  void aNewAsOfDateReachesTheFinalityLagBackFromTheEarlierOfTheTwo() {
    InputChanges none = new InputChanges(Map.of(), false);
    assertEquals(
        Optional.of(d("2024-05-29")),
        DEFAULTS.firstDate(none, D, d("2024-06-29"), List.of(), Optional.empty(), ZoneOffset.UTC));
    // an older night run again
    assertEquals(
        Optional.of(d("2024-05-30")),
        DEFAULTS.firstDate(
            none, d("2024-06-30"), d("2024-07-05"), List.of(), Optional.empty(), ZoneOffset.UTC));
  }

  @Test
  void datesBeforeTheWarehouseAreNotWrittenAndDatesAfterTheAsOfDateAreNotEither() {
    assertEquals(
        Optional.of(d("2024-03-01")),
        DEFAULTS.firstDate(
            changed(Lake.EVENT, "2024-01-05"),
            D,
            D,
            List.of(),
            Optional.of(d("2024-03-01")),
            ZoneOffset.UTC));
    // a push partition two days after the as-of date reaches back to D + 1 only
    assertEquals(Optional.empty(), first(changed(Lake.PUSH, "2024-07-02"), ZoneOffset.UTC));
    assertEquals(
        Optional.of(d("2024-06-30")), first(changed(Lake.PUSH, "2024-07-01"), ZoneOffset.UTC));
  }

  @Test
  void otherDatesCountAsTheyAre() {
    assertEquals(
        Optional.of(d("2024-04-04")),
        DEFAULTS.firstDate(
            changed(Lake.PUSH, "2024-06-10"),
            D,
            D,
            List.of(d("2024-04-04"), d("2024-06-01")),
            Optional.empty(),
            ZoneOffset.UTC));
  }

  @Test
  void listingsDifferByAddedRemovedAndRewrittenFiles() {
    List<ListedFile> before =
        List.of(
            new ListedFile(Lake.PUSH, d("2024-06-01"), "/p/dt=2024-06-01/a", 10, 1000),
            new ListedFile(Lake.PUSH, d("2024-06-02"), "/p/dt=2024-06-02/a", 10, 1000),
            new ListedFile(Lake.EVENT, d("2024-05-01"), "/e/dt=2024-05-01/a", 10, 1000),
            new ListedFile(Lake.CONSENT, d("2024-04-01"), "/c/dt=2024-04-01/a", 10, 1000),
            new ListedFile(Lake.CAMPAIGN, null, "/k/a", 10, 1000));
    List<ListedFile> now =
        List.of(
            new ListedFile(Lake.PUSH, d("2024-06-01"), "/p/dt=2024-06-01/a", 10, 1000),
            new ListedFile(Lake.PUSH, d("2024-06-02"), "/p/dt=2024-06-02/a", 10, 2000),
            new ListedFile(Lake.EVENT, d("2024-05-03"), "/e/dt=2024-05-03/b", 10, 1000),
            new ListedFile(Lake.CONSENT, d("2024-04-01"), "/c/dt=2024-04-01/a", 11, 1000),
            new ListedFile(Lake.CAMPAIGN, null, "/k/a", 10, 1000));
    InputChanges changes = InputChanges.between(before, now);
    assertEquals(List.of(d("2024-06-02")), List.copyOf(changes.partitions(Lake.PUSH)));
    assertEquals(
        List.of(d("2024-05-01"), d("2024-05-03")), List.copyOf(changes.partitions(Lake.EVENT)));
    assertEquals(List.of(d("2024-04-01")), List.copyOf(changes.partitions(Lake.CONSENT)));
    assertEquals(false, changes.campaigns());
    assertEquals(true, InputChanges.between(now, now).none());
    assertEquals(
        true, InputChanges.between(now, now.subList(0, 4)).campaigns(), "a removed campaign file");
  }
}
