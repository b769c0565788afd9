package io.optout.bench;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * A lake as a nightly run sees it on two nights, made of links to a generated lake's files: before
 * the new day its partitions from that day on are missing, {@link #arrive} links them in, {@link
 * #withdraw} takes them out again. The late day's event folder is a real folder of linked files, so
 * {@link #addLate} can land a late file in it without touching the generated lake.
 */
final class NightView {
  private static final String LATE_FILE = "late-events.parquet";

  private final Path lake;
  private final Path view;
  private final LocalDate newDay;
  private final LocalDate lateDay;

  private NightView(Path lake, Path view, LocalDate newDay, LocalDate lateDay) {
    this.lake = lake;
    this.view = view;
    this.newDay = newDay;
    this.lateDay = lateDay;
  }

  /** Links every partition of {@code lake} before {@code newDay} into {@code view} (new). */
  static NightView of(Path lake, Path view, LocalDate newDay, LocalDate lateDay) {
    NightView night = new NightView(lake, view, newDay, lateDay);
    for (Lake each : Lake.values()) {
      Path from = lake.resolve(each.key());
      Path to = view.resolve(each.key());
      if (!each.partitionedByDt()) {
        night.link(from, to);
        continue;
      }
      for (Path partition : partitions(from)) {
        if (dt(partition).isBefore(newDay)) {
          Path target = to.resolve(partition.getFileName());
          if (each == Lake.EVENT && dt(partition).equals(lateDay)) {
            for (Path file : list(partition)) {
              night.link(file, target.resolve(file.getFileName()));
            }
          } else {
            night.link(partition, target);
          }
        }
      }
    }
    return night;
  }

  Path path() {
    return view;
  }

  /** The new day's partitions (and any after it) land. */
  void arrive() {
    forNewPartitions((partition, target) -> link(partition, target));
  }

  /** The new day's partitions are taken out again: the view is as last night. */
  void withdraw() {
    forNewPartitions((partition, target) -> delete(target));
  }

  /** The parquet file {@code late} lands in the late day's event partition. */
  void addLate(Path late) {
    link(late, lateFolder().resolve(LATE_FILE));
  }

  void removeLate() {
    delete(lateFolder().resolve(LATE_FILE));
  }

  private Path lateFolder() {
    return view.resolve(Lake.EVENT.key()).resolve(Columns.DT + "=" + lateDay);
  }

  private void forNewPartitions(java.util.function.BiConsumer<Path, Path> action) {
    for (Lake each : Lake.values()) {
      if (!each.partitionedByDt()) {
        continue;
      }
      for (Path partition : partitions(lake.resolve(each.key()))) {
        if (!dt(partition).isBefore(newDay)) {
          action.accept(partition, view.resolve(each.key()).resolve(partition.getFileName()));
        }
      }
    }
  }

  private static List<Path> partitions(Path lakeFolder) {
    return list(lakeFolder).stream()
        .filter(p -> p.getFileName().toString().startsWith(Columns.DT + "="))
        .toList();
  }

  private static LocalDate dt(Path partition) {
    return LocalDate.parse(partition.getFileName().toString().substring(Columns.DT.length() + 1));
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.sorted().toList();
    } catch (IOException e) {
      throw failed("list " + folder, e);
    }
  }

  private void link(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.createSymbolicLink(to, from.toAbsolutePath());
    } catch (IOException e) {
      throw failed("link " + from + " to " + to, e);
    }
  }

  private static void delete(Path link) {
    try {
      Files.deleteIfExists(link);
    } catch (IOException e) {
      throw failed("remove " + link, e);
    }
  }

  private static OptoutException failed(String what, IOException e) {
    return new OptoutException(
        "bench: cannot " + what + ": " + e.getMessage(), OptoutException.FAILED, e);
  }
}
