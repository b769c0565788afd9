package io.optout.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.optout.report.TrendView.ChannelTrend;
import io.optout.report.TrendView.DayCounts;
import io.optout.report.TrendView.SpikeMark;
import io.optout.schema.Columns;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.SpikesTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * optout_daily per day and channel, every day of the range (0 where no row), and the spike days of
 * optout_spikes.
 */
final class TrendQuery {
  private TrendQuery() {}

  static TrendView compute(ReportSource source, ReportRequest request) {
    List<Row> rows =
        source
            .rows(DailyTable.SPEC, Columns.DAY, request.period())
            .groupBy(Columns.CHANNEL, Columns.DAY)
            .agg(sum(Columns.OPT_OUTS), sum(Columns.OPT_INS))
            .collectAsList();
    Map<String, Map<LocalDate, DayCounts>> byChannel = new HashMap<>();
    for (Row r : rows) {
      LocalDate day = r.getDate(1).toLocalDate();
      byChannel
          .computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(day, new DayCounts(day, r.getLong(2), r.getLong(3)));
    }
    List<ChannelTrend> channels = new ArrayList<>();
    for (String channel : new TreeSet<>(byChannel.keySet())) {
      List<DayCounts> days = new ArrayList<>();
      for (LocalDate d = request.period().from();
          !d.isAfter(request.period().to());
          d = d.plusDays(1)) {
        days.add(byChannel.get(channel).getOrDefault(d, new DayCounts(d, 0, 0)));
      }
      channels.add(new ChannelTrend(channel, days));
    }
    Optional<Dataset<Row>> spikes =
        source.optionalRows(SpikesTable.SPEC, SpikesTable.SPEC.partitionColumn(), request.period());
    return new TrendView(
        channels, spikes.map(TrendQuery::spikes).orElse(List.of()), spikes.isEmpty());
  }

  private static List<SpikeMark> spikes(Dataset<Row> table) {
    return table
        .where(col(Columns.IS_SPIKE))
        .select(
            col(Columns.DAY),
            col(Columns.APP_ID),
            col(Columns.CHANNEL),
            col(Columns.OPT_OUTS),
            col(Columns.BASELINE),
            col(Columns.THRESHOLD),
            col(Columns.TOP_CAMPAIGN_ID),
            col(Columns.TOP_CAMPAIGN_NAME),
            col(Columns.TOP_CAMPAIGN_OPT_OUTS))
        .orderBy(Columns.DAY, Columns.APP_ID, Columns.CHANNEL)
        .collectAsList()
        .stream()
        .map(
            r ->
                new SpikeMark(
                    r.getDate(0).toLocalDate(),
                    r.getString(1),
                    r.getString(2),
                    r.getLong(3),
                    r.getDouble(4),
                    r.getDouble(5),
                    r.getString(6),
                    r.getString(7),
                    r.isNullAt(8) ? 0 : r.getLong(8)))
        .toList();
  }
}
