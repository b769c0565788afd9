package io.optout.spark.internal;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD$;

/**
 * A frame whose plan is a single scan of a persisted frame's rows (Spark 3.5 variant).
 *
 * <p>Persisted frames built on persisted frames nest their whole plans, and Spark prints, plans and
 * serialises those nested plans for every query over them: on a 300-user lake one table write
 * carried a 4 MB plan description and plan text was a fifth of the run's CPU. The leaf is what
 * {@code Dataset.checkpoint} builds, over the cached rows instead of a copy, so a lost block is
 * still recomputed from the frame's lineage. Spark's public API has no such leaf: {@code
 * localCheckpoint} copies the rows and loses the lineage, and {@code spark.sql.maxPlanStringLength}
 * cuts only the printing. Measured on the benchmark's 30-day run on lake M (whole processes,
 * paired A B A B): handing out the persisted frame itself, with the plan strings capped at 10,000
 * characters, took 1.065x the wall time and 1.046x the CPU time of the leaf (docs/platforms.md).
 */
public final class LeafFrames {
  private LeafFrames() {}

  /** A frame with the rows of the persisted {@code kept} whose plan is a single scan of them. */
  public static Dataset<Row> leafOver(Dataset<Row> kept) {
    return Dataset.ofRows(
        kept.sparkSession(),
        LogicalRDD$.MODULE$.fromDataset(
            kept.queryExecution().executedPlan().execute(), kept, kept.isStreaming()));
  }
}
