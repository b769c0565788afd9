package io.optout.lake;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Which {@code dt} partitions of an event lake a run reads: an inclusive range of UTC dates,
 * open-ended on either side ({@link #all()} reads the whole history).
 */
public record DtRange(Optional<LocalDate> from, Optional<LocalDate> to) {

  public static DtRange all() {
    return new DtRange(Optional.empty(), Optional.empty());
  }

  public static DtRange between(LocalDate from, LocalDate to) {
    return new DtRange(Optional.of(from), Optional.of(to));
  }

  public static DtRange from(LocalDate from) {
    return new DtRange(Optional.of(from), Optional.empty());
  }

  /** Whether a partition date lies in the range (InputFiles lists only these folders). */
  public boolean contains(LocalDate dt) {
    return from.map(f -> !dt.isBefore(f)).orElse(true) && to.map(t -> !dt.isAfter(t)).orElse(true);
  }

  @Override
  public String toString() {
    return "dt "
        + from.map(LocalDate::toString).orElse("*")
        + ".."
        + to.map(LocalDate::toString).orElse("*");
  }
}
