package io.optout.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The Benjamini-Hochberg procedure of docs/metrics.md section 9: among the m eligible rows of a
 * group ranked by ascending p-value, p* is the largest p_(k) with p_(k) <= k * q / m; a row is a
 * discovery when it is eligible and its p-value is at most p*. Tied p-values take consecutive
 * ranks; since they are equal, whichever order they take gives the same p*.
 */
public final class BenjaminiHochberg {
  private static final String ELIGIBLE = "_bh_eligible";
  private static final String RANK = "_bh_rank";
  private static final String M = "_bh_m";
  private static final String P_STAR = "_bh_p_star";

  private BenjaminiHochberg() {}

  /**
   * {@code frame} with the boolean column {@code flag}: the discoveries at false discovery rate
   * {@code q} within each group of {@code groups}, over the rows where {@code eligible} holds.
   */
  public static Dataset<Row> flag(
      Dataset<Row> frame,
      List<String> groups,
      Column eligible,
      String pValue,
      double q,
      String flag) {
    List<String> partition = new ArrayList<>(groups);
    partition.add(ELIGIBLE);
    Column[] keys = partition.stream().map(c -> col(c)).toArray(Column[]::new);
    WindowSpec all = Window.partitionBy(keys);
    WindowSpec ranked = Window.partitionBy(keys).orderBy(col(pValue).asc_nulls_last());
    Column p = col(pValue);
    return frame
        .withColumn(ELIGIBLE, coalesce(eligible.and(p.isNotNull()), lit(false)))
        .withColumn(RANK, row_number().over(ranked))
        .withColumn(M, count(lit(1)).over(all))
        .withColumn(P_STAR, max(when(p.leq(col(RANK).multiply(q).divide(col(M))), p)).over(all))
        .withColumn(flag, coalesce(col(ELIGIBLE).and(p.leq(col(P_STAR))), lit(false)))
        .drop(Arrays.asList(ELIGIBLE, RANK, M, P_STAR).toArray(String[]::new));
  }
}
