package io.optout.pipeline;

import io.optout.config.Lake;
import io.optout.lake.ListedFile;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed in the lakes between two listings: per partitioned lake, the {@code dt} partitions
 * with a file added, removed or changed (size or modification time); for the campaign lake, whether
 * any file did. A change is found by listing alone, in the oldest partitions as in the newest.
 */
public record InputChanges(Map<Lake, SortedSet<LocalDate>> changedPartitions, boolean campaigns) {

  public InputChanges {
    Map<Lake, SortedSet<LocalDate>> copy = new EnumMap<>(Lake.class);
    changedPartitions.forEach(
        (lake, dts) -> {
          if (!dts.isEmpty()) {
            copy.put(lake, Collections.unmodifiableSortedSet(new TreeSet<>(dts)));
          }
        });
    changedPartitions = Collections.unmodifiableMap(copy);
  }

  /** The changes from {@code before} (the last nightly run's listing) to {@code now}. */
  public static InputChanges between(List<ListedFile> before, List<ListedFile> now) {
    Map<String, ListedFile> old = new HashMap<>();
    before.forEach(f -> old.put(f.lake().key() + "|" + f.path(), f));
    Map<Lake, SortedSet<LocalDate>> changed = new EnumMap<>(Lake.class);
    boolean[] campaigns = {false};
    java.util.function.Consumer<ListedFile> mark =
        f -> {
          if (f.lake() == Lake.CAMPAIGN) {
            campaigns[0] = true;
          } else if (f.dt() != null) {
            changed.computeIfAbsent(f.lake(), l -> new TreeSet<>()).add(f.dt());
          }
        };
    for (ListedFile file : now) {
      ListedFile was = old.remove(file.lake().key() + "|" + file.path());
      if (was == null || !was.sameAs(file)) {
        mark.accept(file);
      }
    }
    old.values().forEach(mark); // removed since
    return new InputChanges(changed, campaigns[0]);
  }

  public SortedSet<LocalDate> partitions(Lake lake) {
    return changedPartitions.getOrDefault(lake, Collections.emptySortedSet());
  }

  public boolean none() {
    return changedPartitions.isEmpty() && !campaigns;
  }
}
