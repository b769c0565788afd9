package io.optout.report;

import io.optout.report.TrendView.ChannelTrend;
import io.optout.report.TrendView.DayCounts;
import io.optout.report.TrendView.SpikeMark;
import io.optout.schema.Columns;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.SpikesTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * optout_daily per day and channel, every day of the range (0 where no row), and the spike days of
 * optout_spikes.
 */
final class TrendQuery {
  private TrendQuery() {}

  static TrendView compute(ReportSource source, ReportRequest request) {
    Map<String, Map<LocalDate, long[]>> byChannel = new TreeMap<>();
    for (TableRow r : source.rows(DailyTable.SPEC, Columns.DAY, request.period())) {
      long[] counts =
          byChannel
              .computeIfAbsent(r.string(Columns.CHANNEL), k -> new HashMap<>())
              .computeIfAbsent(r.date(Columns.DAY), k -> new long[2]);
      counts[0] += r.count(Columns.OPT_OUTS);
      counts[1] += r.count(Columns.OPT_INS);
    }
    List<ChannelTrend> channels = new ArrayList<>();
    byChannel.forEach(
        (channel, byDay) -> {
          List<DayCounts> days = new ArrayList<>();
          for (LocalDate d = request.period().from();
              !d.isAfter(request.period().to());
              d = d.plusDays(1)) {
            long[] counts = byDay.getOrDefault(d, new long[2]);
            days.add(new DayCounts(d, counts[0], counts[1]));
          }
          channels.add(new ChannelTrend(channel, days));
        });
    Optional<List<TableRow>> spikes =
        source.optionalRows(SpikesTable.SPEC, SpikesTable.SPEC.partitionColumn(), request.period());
    return new TrendView(
        channels, spikes.map(TrendQuery::spikes).orElse(List.of()), spikes.isEmpty());
  }

  /** The spike rows, by day, app and channel (nulls first, as SQL's ascending order). */
  private static List<SpikeMark> spikes(List<TableRow> table) {
    Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
    return table.stream()
        .filter(r -> r.isTrue(Columns.IS_SPIKE))
        .map(
            r ->
                new SpikeMark(
                    r.date(Columns.DAY),
                    r.string(Columns.APP_ID),
                    r.string(Columns.CHANNEL),
                    r.count(Columns.OPT_OUTS),
                    r.decimal(Columns.BASELINE),
                    r.decimal(Columns.THRESHOLD),
                    r.string(Columns.TOP_CAMPAIGN_ID),
                    r.string(Columns.TOP_CAMPAIGN_NAME),
                    r.count(Columns.TOP_CAMPAIGN_OPT_OUTS)))
        .sorted(
            Comparator.comparing(SpikeMark::day)
                .thenComparing(SpikeMark::app, text)
                .thenComparing(SpikeMark::channel, text))
        .toList();
  }
}
