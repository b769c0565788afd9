package io.optout.report;

import io.optout.config.OptoutConfig;
import io.optout.report.CampaignView.CampaignRow;
import io.optout.schema.Columns;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.LastCampaignTable;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Last campaigns of the range per touch, with deliveries and attributed opt-outs from
 * optout_campaign_reach.
 */
final class CampaignQuery {
  static final int TOP = 10;

  private CampaignQuery() {}

  /** A campaign of an app; campaign null is "no campaign", which reach never has. */
  private record Campaign(String app, String campaignId) {
    static Campaign of(TableRow r) {
      return new Campaign(r.string(Columns.APP_ID), r.string(Columns.CAMPAIGN_ID));
    }
  }

  /** One touch's opt-outs of a campaign over the range, and the name on its latest date. */
  private static final class LastTouch {
    private long optOuts;
    private LocalDate latest;
    private String name;

    void add(TableRow r) {
      optOuts += r.count(Columns.OPT_OUTS);
      LocalDate date = r.date(Columns.OPT_OUT_DATE);
      String rowName = r.string(Columns.CAMPAIGN_NAME);
      // one run writes all rows of a date with one name; a tie still picks one name, always the
      // same
      if (latest == null || date.isAfter(latest) || date.equals(latest) && later(rowName, name)) {
        latest = date;
        name = rowName;
      }
    }

    private static boolean later(String candidate, String current) {
      return candidate != null && (current == null || candidate.compareTo(current) > 0);
    }
  }

  static CampaignView compute(ReportSource source, ReportRequest request, OptoutConfig config) {
    Map<Campaign, long[]> reach = new HashMap<>();
    for (TableRow r : source.rows(CampaignReachTable.SPEC, Columns.DAY, request.period())) {
      long[] sums = reach.computeIfAbsent(Campaign.of(r), k -> new long[2]);
      sums[0] += r.count(Columns.DELIVERED_MESSAGES);
      sums[1] += r.count(Columns.ATTRIBUTED_OPT_OUTS);
    }
    Map<String, Map<Campaign, LastTouch>> byTouch = new HashMap<>();
    for (TableRow r : source.rows(LastCampaignTable.SPEC, Columns.OPT_OUT_DATE, request.period())) {
      byTouch
          .computeIfAbsent(r.string(Columns.TOUCH), k -> new HashMap<>())
          .computeIfAbsent(Campaign.of(r), k -> new LastTouch())
          .add(r);
    }
    return new CampaignView(
        config.attributionWindowDays(),
        top(byTouch.getOrDefault(LastCampaignTable.RECEIVED, Map.of()), reach),
        top(byTouch.getOrDefault(LastCampaignTable.INTERACTED, Map.of()), reach),
        TOP);
  }

  private static List<CampaignRow> top(
      Map<Campaign, LastTouch> campaigns, Map<Campaign, long[]> reach) {
    return campaigns.entrySet().stream()
        .map(
            e -> {
              Campaign campaign = e.getKey();
              // a join on (app, campaign): null never matches, so "no campaign" has no reach
              long[] reached =
                  campaign.app() == null || campaign.campaignId() == null
                      ? new long[2]
                      : reach.getOrDefault(campaign, new long[2]);
              return new CampaignRow(
                  campaign.app(),
                  campaign.campaignId(),
                  e.getValue().name,
                  e.getValue().optOuts,
                  reached[0],
                  reached[1]);
            })
        .sorted(
            Comparator.comparingLong(CampaignRow::optOuts)
                .reversed()
                .thenComparing(CampaignRow::app)
                .thenComparing(
                    CampaignRow::campaignId, Comparator.nullsFirst(Comparator.naturalOrder())))
        .limit(TOP)
        .toList();
  }
}
