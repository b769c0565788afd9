package io.optout.pipeline;

import io.optout.config.Lake;
import io.optout.lake.LakeIntake;
import io.optout.metrics.AppEvents;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The run plan of every run ({@link RunPlan#OPTIMISED}): the event lake's accounting pass hands out
 * the opted-out users' rows, the metrics of opt-outs read only those users' rows, and the
 * window-wide metrics read the valid rows without a dedupe shuffle.
 */
final class OptimisedPlan implements RunPlan {
  @Override
  public String key() {
    return "optimised";
  }

  @Override
  public LakeIntake eventIntake(Dataset<Row> stored, Dataset<Row> optOutUsers) {
    return LakeIntake.selecting(Lake.EVENT, stored, optOutUsers, AppEvents.earliestCopy());
  }

  @Override
  public Dataset<Row> rowsOf(LakeIntake intake, Dataset<Row> users) {
    return intake.usedRowsOf(users);
  }

  /**
   * When the event intake selected these users ({@link LakeIntake#selecting}), its accounting pass
   * handed them out counted once already ({@link AppEvents#countedOnce}), unless they share event
   * ids with other users (then those copies decide).
   */
  @Override
  public Dataset<Row> countedEventsOf(LakeIntake events, Dataset<Row> users) {
    if (events.selects()) {
      Optional<Dataset<Row>> shared = events.sharedCopies();
      return shared.isEmpty()
          ? events.selectedRows()
          : AppEvents.countedOnce(events.selectedRows().unionByName(shared.get()));
    }
    return AppEvents.countedOnce(rowsOf(events, users));
  }

  @Override
  public Dataset<Row> allRows(LakeIntake intake) {
    return intake.valid();
  }
}
