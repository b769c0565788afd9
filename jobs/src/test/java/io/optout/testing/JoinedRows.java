package io.optout.testing;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.ReusedExchangeExec;
import org.apache.spark.sql.execution.joins.BaseJoinExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.functions;
import scala.collection.JavaConverters;

/**
 * How many rows the joins of a query pair by their keys: the sum of the {@code numOutputRows}
 * metric of every join node of the executed plan (adaptive stages included), computed with the
 * optimizer's predicate push-down switched off, so a filter on the joined rows stays above the join
 * instead of becoming its condition. Tells a join bounded by its keys from one that pairs every row
 * and filters afterwards, which the result rows cannot.
 */
public final class JoinedRows {
  private static final String EXCLUDED_RULES = "spark.sql.optimizer.excludedRules";
  private static final String PUSH_DOWN =
      "org.apache.spark.sql.catalyst.optimizer.PushDownPredicates,"
          + "org.apache.spark.sql.catalyst.optimizer.PushPredicateThroughJoin";

  private JoinedRows() {}

  /**
   * Runs {@code frame} once (planned afresh, push-down off), then sums the rows its join nodes
   * emitted.
   */
  public static long of(Dataset<Row> frame) {
    SparkSession spark = frame.sparkSession();
    String before = spark.conf().get(EXCLUDED_RULES, "");
    spark.conf().set(EXCLUDED_RULES, PUSH_DOWN);
    try {
      Dataset<Row> fresh =
          frame.select(functions.col("*")); // a new query execution, planned under this setting
      fresh.collectAsList();
      return sum(fresh.queryExecution().executedPlan());
    } finally {
      if (before.isEmpty()) {
        spark.conf().unset(EXCLUDED_RULES);
      } else {
        spark.conf().set(EXCLUDED_RULES, before);
      }
    }
  }

  private static long sum(SparkPlan plan) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      return sum(adaptive.executedPlan());
    }
    if (plan instanceof QueryStageExec stage) {
      return sum(stage.plan());
    }
    if (plan instanceof ReusedExchangeExec reused) {
      return sum(reused.child());
    }
    long rows = 0;
    if (plan instanceof BaseJoinExec) {
      scala.Option<SQLMetric> metric = plan.metrics().get("numOutputRows");
      if (metric.isEmpty()) {
        throw new IllegalStateException("join without a numOutputRows metric: " + plan.nodeName());
      }
      rows += metric.get().value();
    }
    List<SparkPlan> children = JavaConverters.seqAsJavaList(plan.children());
    for (SparkPlan child : children) {
      rows += sum(child);
    }
    return rows;
  }
}
