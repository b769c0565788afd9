package io.optout.pipeline;

import io.optout.lake.LakeIntake;
import io.optout.metrics.AppEvents;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a run feeds the lakes to the metrics. {@link #OPTIMISED} (the default) gives the metrics of
 * opt-outs only the rows of the users who opted out, and the window-wide metrics, which count
 * distinct values, the valid rows without a dedupe shuffle. {@link #REFERENCE} gives every metric
 * all used rows, the plain reading of the contract: the benchmark runs both and checks that they
 * write the same rows.
 */
public enum RunPlan {
  OPTIMISED,
  REFERENCE;

  /** Rows of the given users ({@code app_id, user_id}) for the metrics of their opt-outs. */
  Dataset<Row> rowsOf(LakeIntake intake, Dataset<Row> users) {
    return this == OPTIMISED ? intake.usedRowsOf(users) : intake.used();
  }

  /**
   * The opted-out users' events, each event id once ({@link AppEvents#countedOnce}). When the event
   * intake selected these users ({@link LakeIntake#selecting}), its accounting pass handed them out
   * counted once already, unless they share event ids with other users (then those copies decide).
   */
  Dataset<Row> countedEventsOf(LakeIntake events, Dataset<Row> users) {
    if (this == OPTIMISED && events.selects()) {
      Optional<Dataset<Row>> shared = events.sharedCopies();
      return shared.isEmpty()
          ? events.selectedRows()
          : AppEvents.countedOnce(events.selectedRows().unionByName(shared.get()));
    }
    return AppEvents.countedOnce(rowsOf(events, users));
  }

  /**
   * Rows for metrics over everybody that count distinct values, so duplicates cannot change them.
   */
  Dataset<Row> allRows(LakeIntake intake) {
    return this == OPTIMISED ? intake.valid() : intake.used();
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
