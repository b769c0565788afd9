package io.optout.ops;

import io.optout.config.Lake;
import io.optout.config.LakeFormat;

/**
 * What one lake holds for a date: the folder or table looked at, whether the partition is there,
 * and how many data files and rows it holds (0 and 0 when it is missing).
 *
 * @param location the partition folder ({@code .../dt=D}), the whole folder for the unpartitioned
 *     campaign lake, or the Delta table path (whose partition is selected with a filter)
 */
public record LakeInput(
    Lake lake,
    LakeFormat format,
    String location,
    boolean required,
    boolean present,
    long files,
    long rows) {

  /** A required lake whose partition is not there yet: the scheduler should wait. */
  public boolean blocking() {
    return required && !present;
  }
}
