package io.optout.spark;

import io.optout.spark.internal.LeafFrames;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Frames that several later queries read, computed once and kept (in memory, spilling to disk).
 *
 * <p>A kept frame is handed out as a leaf: a plan over it holds one scan node, not the plan that
 * made it. Persisted frames built on persisted frames otherwise nest their whole plans, and Spark
 * prints, plans and serialises those nested plans for every query: on a 300-user lake one table
 * write carried a 4 MB plan description and plan text was a fifth of the run's CPU. The leaf is
 * what {@code Dataset.checkpoint} builds, over the cached rows instead of a copy, so a lost block
 * is still recomputed from the frame's lineage (a cluster that loses an executor keeps going). It
 * takes Spark's internal API ({@link LeafFrames}).
 */
public final class KeptFrames implements AutoCloseable {
  private final List<Dataset<Row>> persisted = new ArrayList<>();

  /**
   * Computes {@code frame} now, keeps its rows and returns a leaf over them; {@link #close} frees
   * them. Computing it here rather than at its first reader keeps each step's cost in its own phase
   * of the run's timings.
   */
  public Dataset<Row> keep(Dataset<Row> frame) {
    Dataset<Row> kept = frame.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(kept);
    Dataset<Row> leaf = leafOver(kept);
    leaf.count();
    return leaf;
  }

  /** A frame with the rows of the persisted {@code kept} whose plan is a single scan of them. */
  public static Dataset<Row> leafOver(Dataset<Row> kept) {
    return LeafFrames.leafOver(kept);
  }

  /** Frees every kept frame. */
  @Override
  public void close() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }
}
