package io.optout.report;

import io.optout.config.OptoutConfig;
import io.optout.export.ExportPeriod;
import io.optout.report.FrequencyCapView.Cap;
import io.optout.report.PushPressureView.FatiguePoint;
import io.optout.schema.Columns;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.PushFatigueTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * optout_frequency_cap's latest row of the range per app and channel, and the fatigue curve that
 * row's step was searched on: optout_push_fatigue of the optout.cap.period-days days up to its day,
 * pooled per push count from 1 on (docs/why.md).
 */
final class FrequencyCapQuery {
  /** Curves drawn at most; the table lists every app and channel. */
  static final int CHARTS = 6;

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

  /** Significant steps first, then the smaller p-value, then app and channel. */
  static final Comparator<Cap> CHART_ORDER =
      Comparator.comparing(Cap::significant, Comparator.reverseOrder())
          .thenComparing(Cap::pValue, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(Cap::app, TEXT)
          .thenComparing(Cap::channel, TEXT);

  private FrequencyCapQuery() {}

  private record Key(String app, String channel) {
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::app, TEXT).thenComparing(Key::channel, TEXT);

    static Key of(TableRow r) {
      return new Key(r.string(Columns.APP_ID), r.string(Columns.CHANNEL));
    }
  }

  static FrequencyCapView compute(ReportSource source, ReportRequest request, OptoutConfig config) {
    int period = config.why().capPeriodDays();
    int window = config.pushWindowDays();
    double alpha = config.why().capAlpha();
    boolean fatigueMissing = !source.exists(PushFatigueTable.SPEC);
    Optional<List<TableRow>> table =
        source.optionalRows(FrequencyCapTable.SPEC, Columns.DAY, request.period());
    if (table.isEmpty()) {
      return FrequencyCapView.missing(period, window, alpha, CHARTS, fatigueMissing);
    }
    Map<Key, TableRow> latest = new TreeMap<>(Key.ORDER);
    for (TableRow r : table.get()) {
      latest.merge(
          Key.of(r), r, (a, b) -> b.date(Columns.DAY).isAfter(a.date(Columns.DAY)) ? b : a);
    }
    List<TableRow> fatigue =
        fatigueMissing || latest.isEmpty() ? List.of() : fatigue(source, request, latest, period);
    List<Cap> caps = new ArrayList<>();
    latest.forEach((key, r) -> caps.add(cap(r, curve(fatigue, key, r.date(Columns.DAY), period))));
    return new FrequencyCapView(
        period, window, alpha, List.copyOf(caps), CHARTS, false, fatigueMissing);
  }

  /** The fatigue rows of every cap's period: from the earliest day's period to the latest day. */
  private static List<TableRow> fatigue(
      ReportSource source, ReportRequest request, Map<Key, TableRow> latest, int period) {
    LocalDate first =
        latest.values().stream().map(r -> r.date(Columns.DAY)).min(LocalDate::compareTo).get();
    LocalDate last =
        latest.values().stream().map(r -> r.date(Columns.DAY)).max(LocalDate::compareTo).get();
    return source.rows(
        PushFatigueTable.SPEC,
        Columns.DAY,
        ExportPeriod.between(first.minusDays(period - 1L), last, request.period().asOf()));
  }

  private static List<FatiguePoint> curve(
      List<TableRow> fatigue, Key key, LocalDate day, int period) {
    LocalDate from = day.minusDays(period - 1L);
    Map<Integer, long[]> sums = new TreeMap<>();
    Map<Integer, String> labels = new TreeMap<>();
    for (TableRow r : fatigue) {
      LocalDate d = r.date(Columns.DAY);
      Integer pushes = r.integer(Columns.PUSHES_RECEIVED);
      if (pushes == null
          || pushes < 1
          || d.isBefore(from)
          || d.isAfter(day)
          || !key.equals(Key.of(r))) {
        continue;
      }
      long[] bucket = sums.computeIfAbsent(pushes, k -> new long[2]);
      bucket[0] += r.count(Columns.USERS_AT_RISK);
      bucket[1] += r.count(Columns.OPT_OUTS);
      labels.putIfAbsent(pushes, r.string(Columns.BUCKET));
    }
    return sums.entrySet().stream()
        .map(
            e ->
                new FatiguePoint(
                    e.getKey(),
                    Objects.requireNonNullElse(labels.get(e.getKey()), e.getKey().toString()),
                    e.getValue()[0],
                    e.getValue()[1]))
        .toList();
  }

  private static Cap cap(TableRow r, List<FatiguePoint> curve) {
    Integer eligible = r.integer(Columns.ELIGIBLE_CANDIDATES);
    return new Cap(
        r.date(Columns.DAY),
        r.string(Columns.APP_ID),
        r.string(Columns.CHANNEL),
        eligible == null ? 0 : eligible,
        r.integer(Columns.STEP_AT),
        r.decimal(Columns.RATE_BELOW_PER_1000),
        r.decimal(Columns.RATE_ABOVE_PER_1000),
        r.decimal(Columns.P_VALUE),
        r.isTrue(Columns.IS_SIGNIFICANT),
        r.integer(Columns.RECOMMENDED_CAP),
        curve);
  }
}
