package io.optout.report;

import static org.apache.spark.sql.functions.sum;

import io.optout.config.OptoutConfig;
import io.optout.report.PushPressureView.Bucket;
import io.optout.report.PushPressureView.FatiguePoint;
import io.optout.schema.Columns;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The push-pressure histogram of the range, and the fatigue curve: users at risk and opt-outs
 * summed per bucket, then per 1,000.
 */
final class PushPressureQuery {
  private PushPressureQuery() {}

  static PushPressureView compute(ReportSource source, ReportRequest request, OptoutConfig config) {
    List<Bucket> histogram =
        source
            .rows(PushHistogramTable.SPEC, Columns.OPT_OUT_DATE, request.period())
            .groupBy(Columns.PUSHES_RECEIVED, Columns.BUCKET)
            .agg(sum(Columns.OPT_OUTS))
            .orderBy(Columns.PUSHES_RECEIVED)
            .collectAsList()
            .stream()
            .map(r -> new Bucket(r.getInt(0), r.getString(1), r.getLong(2)))
            .toList();
    Optional<Dataset<Row>> fatigue =
        source.optionalRows(
            PushFatigueTable.SPEC, PushFatigueTable.SPEC.partitionColumn(), request.period());
    List<FatiguePoint> curve = fatigue.map(PushPressureQuery::curve).orElse(List.of());
    return new PushPressureView(config.pushWindowDays(), histogram, curve, fatigue.isEmpty());
  }

  private static List<FatiguePoint> curve(Dataset<Row> table) {
    return table
        .groupBy(Columns.PUSHES_RECEIVED, Columns.BUCKET)
        .agg(sum(Columns.USERS_AT_RISK), sum(Columns.OPT_OUTS))
        .orderBy(Columns.PUSHES_RECEIVED)
        .collectAsList()
        .stream()
        .map(r -> new FatiguePoint(r.getInt(0), r.getString(1), r.getLong(2), r.getLong(3)))
        .toList();
  }
}
