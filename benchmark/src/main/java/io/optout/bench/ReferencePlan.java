package io.optout.bench;

import io.optout.config.Lake;
import io.optout.lake.LakeIntake;
import io.optout.metrics.AppEvents;
import io.optout.pipeline.RunPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The plain reading of the contract the benchmark checks the product's plan against: every metric
 * gets all used rows (valid, exact duplicates removed), the event lake is counted without handing
 * out any user's rows, and the opted-out users' events are counted once from scratch. Slower, and
 * simple enough to trust: {@link RunPlan#OPTIMISED} must write the same rows.
 */
public final class ReferencePlan implements RunPlan {
  @Override
  public String key() {
    return "reference";
  }

  @Override
  public LakeIntake eventIntake(Dataset<Row> stored, Dataset<Row> optOutUsers) {
    return LakeIntake.of(Lake.EVENT, stored);
  }

  @Override
  public Dataset<Row> rowsOf(LakeIntake intake, Dataset<Row> users) {
    return intake.used();
  }

  @Override
  public Dataset<Row> countedEventsOf(LakeIntake events, Dataset<Row> users) {
    return AppEvents.countedOnce(rowsOf(events, users));
  }

  @Override
  public Dataset<Row> allRows(LakeIntake intake) {
    return intake.used();
  }
}
