package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import io.optout.schema.Columns;
import io.optout.schema.tables.FrequencyCapTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * optout_frequency_cap (docs/metrics.md section 9, docs/why.md): for each day, the push fatigue
 * curve of the P days up to it pooled per push count, the count where the opt-out risk steps up,
 * and the weekly cap that keeps users below the step when the step is significant. The curve's rows
 * are few (days x apps x channels x cap), so the search runs in plain Java per day ({@link
 * FatigueStep}).
 */
public final class FrequencyCap {
  /** What the table needs of the configuration. */
  public record Settings(int periodDays, int histogramCap, long minUsers, double alpha) {}

  private static final String POOLED_DAY = "_pooled_day";
  private static final String POINTS = "_points";
  private static final String STEP = "_step";

  private FrequencyCap() {}

  /**
   * @param fatigue optout_push_fatigue rows of at least the P - 1 days before {@code days} and of
   *     the days
   */
  public static Dataset<Row> of(Dataset<Row> fatigue, LocalDays days, Settings settings) {
    Column day = col(Columns.DAY);
    Column pooledInto =
        sequence(
            greatest(day, days.fromDate()),
            least(date_add(day, settings.periodDays() - 1), days.toDate()));
    Column step =
        udf(
                new FatigueStep(settings.histogramCap(), settings.minUsers(), settings.alpha()),
                FatigueStep.returnType())
            .apply(col(POINTS));
    Dataset<Row> pooled =
        fatigue
            .where(day.geq(date_add(days.fromDate(), 1 - settings.periodDays())))
            .where(day.leq(days.toDate()))
            .withColumn(POOLED_DAY, explode(pooledInto))
            .groupBy(col(POOLED_DAY), col(APP_ID), col(CHANNEL), col(Columns.PUSHES_RECEIVED))
            .agg(
                sum(col(Columns.USERS_AT_RISK)).as(Columns.USERS_AT_RISK),
                sum(col(Columns.OPT_OUTS)).as(Columns.OPT_OUTS))
            .groupBy(col(POOLED_DAY).as(Columns.DAY), col(APP_ID), col(CHANNEL))
            .agg(
                collect_list(
                        struct(
                            col(Columns.PUSHES_RECEIVED).cast("int"),
                            col(Columns.USERS_AT_RISK).cast("long"),
                            col(Columns.OPT_OUTS).cast("long")))
                    .as(POINTS));
    return FrequencyCapTable.SPEC.conform(
        pooled
            .withColumn(STEP, step)
            .select(col(Columns.DAY), col(APP_ID), col(CHANNEL), col(STEP + ".*")));
  }
}
