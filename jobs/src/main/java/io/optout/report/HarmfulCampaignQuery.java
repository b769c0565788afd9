package io.optout.report;

import io.optout.config.OptoutConfig;
import io.optout.report.HarmfulCampaignView.Group;
import io.optout.report.HarmfulCampaignView.Impact;
import io.optout.schema.Columns;
import io.optout.schema.tables.CampaignImpactTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * optout_campaign_impact over the range: the campaign-days flagged harmful with the smallest
 * p-values, grouped by (day, app, channel), each group with its nearest harmless campaign.
 */
final class HarmfulCampaignQuery {
  static final int TOP = 10;

  private HarmfulCampaignQuery() {}

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<Double> LOW_FIRST =
      Comparator.nullsLast(Comparator.naturalOrder());
  private static final Comparator<Double> HIGH_FIRST =
      Comparator.nullsLast(Comparator.<Double>reverseOrder());

  /** Strongest evidence first: p-value, then the larger excess, then the latest day. */
  static final Comparator<Impact> STRONGEST =
      Comparator.comparing(Impact::pValue, LOW_FIRST)
          .thenComparing(Impact::excess, HIGH_FIRST)
          .thenComparing(Impact::day, Comparator.reverseOrder())
          .thenComparing(Impact::app, TEXT)
          .thenComparing(Impact::channel, TEXT)
          .thenComparing(Impact::campaignId, TEXT);

  /**
   * The nearest harmless campaign: of the same (day, app, channel), whose rows make the harmful
   * campaign's baseline and share its Benjamini-Hochberg ranking, the one closest to being flagged
   * (the smallest p-value; then the larger excess, then the campaign id).
   */
  static final Comparator<Impact> NEAREST =
      Comparator.comparing(Impact::pValue, LOW_FIRST)
          .thenComparing(Impact::excess, HIGH_FIRST)
          .thenComparing(Impact::campaignId, TEXT);

  private record GroupKey(LocalDate day, String app, String channel) {
    static GroupKey of(Impact i) {
      return new GroupKey(i.day(), i.app(), i.channel());
    }
  }

  static HarmfulCampaignView compute(
      ReportSource source, ReportRequest request, OptoutConfig config) {
    int horizon = config.why().impactHorizonDays();
    double fdr = config.why().impactFdr();
    Optional<List<TableRow>> table =
        source.optionalRows(CampaignImpactTable.SPEC, Columns.DAY, request.period());
    if (table.isEmpty()) {
      return HarmfulCampaignView.missing(horizon, fdr, TOP);
    }
    List<Impact> rows = table.get().stream().map(HarmfulCampaignQuery::impact).toList();
    List<Impact> harmful = rows.stream().filter(Impact::harmful).sorted(STRONGEST).toList();
    Map<GroupKey, List<Impact>> shown = new LinkedHashMap<>();
    for (Impact i : harmful.subList(0, Math.min(TOP, harmful.size()))) {
      shown.computeIfAbsent(GroupKey.of(i), k -> new ArrayList<>()).add(i);
    }
    List<Group> groups = new ArrayList<>();
    shown.forEach(
        (key, campaigns) ->
            groups.add(
                new Group(
                    key.day(),
                    key.app(),
                    key.channel(),
                    List.copyOf(campaigns),
                    rows.stream()
                        .filter(r -> !r.harmful() && GroupKey.of(r).equals(key))
                        .min(NEAREST)
                        .orElse(null))));
    long compared = rows.stream().filter(r -> r.pValue() != null).count();
    return new HarmfulCampaignView(
        horizon, fdr, compared, harmful.size(), List.copyOf(groups), TOP, false);
  }

  private static Impact impact(TableRow r) {
    return new Impact(
        r.date(Columns.DAY),
        r.string(Columns.APP_ID),
        r.string(Columns.CHANNEL),
        r.string(Columns.CAMPAIGN_ID),
        r.string(Columns.CAMPAIGN_NAME),
        r.count(Columns.RECIPIENTS),
        r.count(Columns.OPT_OUTS),
        r.decimal(Columns.EXPECTED_OPT_OUTS),
        r.decimal(Columns.EXCESS_OPT_OUTS),
        r.decimal(Columns.P_VALUE),
        r.isTrue(Columns.IS_HARMFUL));
  }
}
