package io.optout.report;

import static org.apache.spark.sql.functions.sum;

import io.optout.config.OptoutConfig;
import io.optout.report.PushPressureView.Bucket;
import io.optout.report.PushPressureView.FatiguePoint;
import io.optout.schema.Tables;
import io.optout.schema.Tables.Fatigue;
import io.optout.schema.Tables.PushHistogram;
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
            .rows(PushHistogram.SPEC, PushHistogram.OPT_OUT_DATE, request.period())
            .groupBy(PushHistogram.PUSHES_RECEIVED, PushHistogram.BUCKET)
            .agg(sum(PushHistogram.OPT_OUTS))
            .orderBy(PushHistogram.PUSHES_RECEIVED)
            .collectAsList()
            .stream()
            .map(r -> new Bucket(r.getInt(0), r.getString(1), r.getLong(2)))
            .toList();
    Optional<Dataset<Row>> fatigue =
        source.optionalRows(Fatigue.SPEC, Fatigue.SPEC.partitionColumn(), request.period());
    List<FatiguePoint> curve = fatigue.map(PushPressureQuery::curve).orElse(List.of());
    return new PushPressureView(config.pushWindowDays(), histogram, curve, fatigue.isEmpty());
  }

  private static List<FatiguePoint> curve(Dataset<Row> table) {
    return table
        .groupBy(Fatigue.PUSHES_RECEIVED, Fatigue.BUCKET)
        .agg(sum(Fatigue.USERS_AT_RISK), sum(Tables.Base.OPT_OUTS))
        .orderBy(Fatigue.PUSHES_RECEIVED)
        .collectAsList()
        .stream()
        .map(r -> new FatiguePoint(r.getInt(0), r.getString(1), r.getLong(2), r.getLong(3)))
        .toList();
  }
}
