package io.optout.report;

import io.optout.config.OptoutConfig;
import io.optout.report.PushPressureView.Bucket;
import io.optout.report.PushPressureView.FatiguePoint;
import io.optout.schema.Columns;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The push-pressure histogram of the range, and the fatigue curve: users at risk and opt-outs
 * summed per bucket, then per 1,000.
 */
final class PushPressureQuery {
  private PushPressureQuery() {}

  /** A bucket of both tables, sorted by its push count (the label only breaks ties). */
  private record BucketKey(int pushes, String label) {
    static final Comparator<BucketKey> ORDER =
        Comparator.comparingInt(BucketKey::pushes)
            .thenComparing(BucketKey::label, Comparator.nullsFirst(Comparator.naturalOrder()));

    static BucketKey of(TableRow r) {
      return new BucketKey(r.integer(Columns.PUSHES_RECEIVED), r.string(Columns.BUCKET));
    }
  }

  static PushPressureView compute(ReportSource source, ReportRequest request, OptoutConfig config) {
    Map<BucketKey, long[]> histogram = new TreeMap<>(BucketKey.ORDER);
    for (TableRow r :
        source.rows(PushHistogramTable.SPEC, Columns.OPT_OUT_DATE, request.period())) {
      histogram.computeIfAbsent(BucketKey.of(r), k -> new long[1])[0] += r.count(Columns.OPT_OUTS);
    }
    Optional<List<TableRow>> fatigue =
        source.optionalRows(
            PushFatigueTable.SPEC, PushFatigueTable.SPEC.partitionColumn(), request.period());
    return new PushPressureView(
        config.pushWindowDays(),
        histogram.entrySet().stream()
            .map(e -> new Bucket(e.getKey().pushes(), e.getKey().label(), e.getValue()[0]))
            .toList(),
        fatigue.map(PushPressureQuery::curve).orElse(List.of()),
        fatigue.isEmpty());
  }

  private static List<FatiguePoint> curve(List<TableRow> table) {
    Map<BucketKey, long[]> sums = new TreeMap<>(BucketKey.ORDER);
    for (TableRow r : table) {
      long[] bucket = sums.computeIfAbsent(BucketKey.of(r), k -> new long[2]);
      bucket[0] += r.count(Columns.USERS_AT_RISK);
      bucket[1] += r.count(Columns.OPT_OUTS);
    }
    return sums.entrySet().stream()
        .map(
            e ->
                new FatiguePoint(
                    e.getKey().pushes(), e.getKey().label(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }
}
