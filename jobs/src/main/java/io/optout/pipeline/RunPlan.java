package io.optout.pipeline;

import io.optout.lake.LakeIntake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a run feeds the lakes to the metrics. {@link #OPTIMISED}, the plan every run uses, gives the
 * metrics of opt-outs only the rows of the users who opted out, and the window-wide metrics, which
 * count distinct values, the valid rows without a dedupe shuffle. The benchmark (module {@code
 * benchmark}) brings a plain plan of its own that gives every metric all used rows, runs both and
 * checks that they write the same rows; it is not part of the product.
 */
public interface RunPlan {
  RunPlan OPTIMISED = new OptimisedPlan();

  /** The plan's name in the run log. */
  String key();

  /**
   * The event lake's intake ({@code stored}, the partitions the run reads), once the users who
   * opted out ({@code app_id, user_id}) are known.
   */
  LakeIntake eventIntake(Dataset<Row> stored, Dataset<Row> optOutUsers);

  /** Rows of the given users ({@code app_id, user_id}) for the metrics of their opt-outs. */
  Dataset<Row> rowsOf(LakeIntake intake, Dataset<Row> users);

  /** The opted-out users' events, each event id once. */
  Dataset<Row> countedEventsOf(LakeIntake events, Dataset<Row> users);

  /**
   * Rows for metrics over everybody that count distinct values, so duplicates cannot change them.
   */
  Dataset<Row> allRows(LakeIntake intake);
}
