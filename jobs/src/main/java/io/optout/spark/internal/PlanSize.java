package io.optout.spark.internal;

import java.math.BigInteger;
import org.apache.spark.sql.Dataset;

/**
 * Spark's estimate of the bytes a frame's optimised plan produces (the same on both Spark lines).
 *
 * <p>The lake intake sizes its accounting shuffle by it (one sorted partition per 32 MB): the
 * estimate sees the columns and partitions a run reads after pruning, which no public API reports.
 * Without it a shuffle falls back to a fixed partition count: one task per shuffle partition on a
 * small lake, too few sorted in memory on a large one.
 */
public final class PlanSize {
  private PlanSize() {}

  public static BigInteger estimatedBytes(Dataset<?> frame) {
    return frame.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger();
  }
}
