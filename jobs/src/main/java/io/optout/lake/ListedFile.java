package io.optout.lake;

import io.optout.config.Lake;
import java.time.LocalDate;

/**
 * One input file as a listing saw it. {@code dt} is the partition date (null for the campaign lake
 * and for files outside any {@code dt=} folder); {@code size} and {@code modifiedMillis} are -1 for
 * a Delta lake, whose data files are never rewritten in place (a changed file has a new name).
 */
public record ListedFile(Lake lake, LocalDate dt, String path, long size, long modifiedMillis) {

  /** Whether {@code other} is the same file with the same content, as far as a listing can tell. */
  public boolean sameAs(ListedFile other) {
    return size == other.size && modifiedMillis == other.modifiedMillis;
  }
}
