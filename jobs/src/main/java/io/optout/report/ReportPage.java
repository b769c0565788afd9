package io.optout.report;

import static io.optout.report.Html.count;
import static io.optout.report.Html.escape;
import static io.optout.report.Html.perThousand;

import io.optout.export.ExportPeriod;
import io.optout.report.Charts.Mark;
import io.optout.report.Charts.Series;
import io.optout.report.TrendView.ChannelTrend;
import io.optout.report.TrendView.DayCounts;
import io.optout.report.TrendView.SpikeMark;
import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.SpikesTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline CSS and SVG, no script, no
 * external font or URL, printable. Plain Java (no Spark), so it is tested on hand-made models.
 */
public final class ReportPage {
  static final String NO_OPT_OUTS = "No opt-outs in this range.";

  private ReportPage() {}

  public static String render(Report report) {
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Opt-outs ")
        .append(escape(range(report.request().period())))
        .append("</title>")
        .append("<style>")
        .append(ReportStyle.CSS)
        .append("</style></head><body>\n");
    header(page, report);
    section(page, "trend", "Daily trend", () -> trend(report));
    section(page, "push-pressure", "Push messages before opting out", () -> pushPressure(report));
    section(page, "campaigns", "Last campaigns", () -> campaigns(report));
    section(page, "last-events", "Last events: retain vs churn", () -> lastEvents(report));
    section(page, "sources", "Opt-outs by source and platform", () -> sources(report));
    section(page, "why", "Why users opt out", () -> WhySection.render(report));
    page.append("<section id=\"export\"><h2>Export the users of this range</h2>")
        .append(
            "<p>The export covers the opt-out dates of this range and its app/channel filters;"
                + " chart settings do not change it.</p>")
        .append("<pre><code data-export-command>")
        .append(escape(report.exportCommand()))
        .append("</code></pre></section>\n");
    page.append("<footer>Generated ")
        .append(escape(report.generatedAt().toString()))
        .append(" by optout report from the Delta tables. Dates are local dates in ")
        .append(escape(report.timezone()))
        .append(".</footer>\n");
    return page.append("</body></html>\n").toString();
  }

  private static void section(
      StringBuilder page, String id, String title, java.util.function.Supplier<String> body) {
    page.append("<section id=\"")
        .append(id)
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2>\n");
    page.append(body.get());
    page.append("</section>\n");
  }

  private static String range(ExportPeriod period) {
    return period.from() + " to " + period.to();
  }

  private static void header(StringBuilder page, Report report) {
    ReportRequest request = report.request();
    Headline h = report.headline();
    page.append("<header><h1>Opt-outs ")
        .append(escape(range(request.period())))
        .append("</h1><p class=\"meta\">")
        .append(
            escape(
                request.period().days()
                    + " days ("
                    + request.period().name()
                    + ", as of "
                    + request.period().asOf()
                    + ")"))
        .append(" · app: <b>")
        .append(escape(request.filters().app().orElse("all")))
        .append("</b>")
        .append(" · channel: <b>")
        .append(escape(request.filters().channel().orElse("all")))
        .append("</b>")
        .append(" · previous period: ")
        .append(escape(range(h.previous().period())))
        .append("</p>");
    page.append("<div class=\"cards\">");
    card(page, "opt-outs", "Opt-outs", count(h.current().optOuts()), count(h.previous().optOuts()));
    card(page, "opt-ins", "Opt-ins", count(h.current().optIns()), count(h.previous().optIns()));
    card(
        page, "net", "Net change", Html.signed(h.current().net()), Html.signed(h.previous().net()));
    card(
        page,
        "rate",
        "Opt-out rate per day",
        Html.percent(h.current().optOutRate()),
        Html.percent(h.previous().optOutRate()));
    page.append("</div>");
    if (h.baseTableMissing()) {
      page.append(missing(BaseTable.NAME, "the opt-out rate"));
    } else {
      page.append(
          "<p class=\"note\">Opt-out rate: opt-outs / users opted in at the start of each day, over"
              + " the days of the period (optout_base).</p>");
    }
    List<List<String>> rows =
        List.of(
            List.of("Opt-outs", count(h.current().optOuts()), count(h.previous().optOuts())),
            List.of("Opt-ins", count(h.current().optIns()), count(h.previous().optIns())),
            List.of("Net change", Html.signed(h.current().net()), Html.signed(h.previous().net())),
            List.of(
                "Opt-out rate per day",
                Html.percent(h.current().optOutRate()),
                Html.percent(h.previous().optOutRate())));
    page.append(
        Html.table(
            "headline",
            "Headline numbers",
            List.of("measure", range(request.period()), range(h.previous().period())),
            rows));
    if (report.empty()) {
      page.append("<p class=\"empty\" data-empty>").append(NO_OPT_OUTS).append("</p>");
    }
    page.append("</header>\n");
  }

  private static void card(
      StringBuilder page, String id, String label, String value, String previous) {
    page.append("<div class=\"card\" data-card=\"")
        .append(id)
        .append("\"><div class=\"label\">")
        .append(escape(label))
        .append("</div><div class=\"value\">")
        .append(escape(value))
        .append("</div><div class=\"previous\">previous: ")
        .append(escape(previous))
        .append("</div></div>");
  }

  static String empty() {
    return "<p class=\"empty\">" + NO_OPT_OUTS + "</p>\n";
  }

  static String missing(String table, String what) {
    return missing(table, what, "run the pipeline with a version that writes it");
  }

  /** The line for an absent table, with what would write it. */
  static String missing(String table, String what, String remedy) {
    return "<p class=\"missing\" data-missing=\""
        + escape(table)
        + "\">Table "
        + escape(table)
        + " is not in this warehouse, so "
        + escape(what)
        + " cannot be shown ("
        + escape(remedy)
        + ").</p>\n";
  }

  private static String trend(Report report) {
    if (report.empty()) {
      return empty();
    }
    TrendView trend = report.trend();
    StringBuilder out = new StringBuilder();
    for (ChannelTrend channel : trend.channels()) {
      List<DayCounts> days = channel.days();
      List<String> labels = days.stream().map(d -> d.day().toString().substring(5)).toList();
      String c = channel.channel();
      List<Series> series =
          List.of(
              series(
                  days,
                  "opt-outs",
                  "opt-outs",
                  d -> (double) d.optOuts(),
                  d -> d.day() + " " + c + ": " + count(d.optOuts()) + " opt-outs"),
              series(
                  days,
                  "opt-ins",
                  "opt-ins",
                  d -> (double) d.optIns(),
                  d -> d.day() + " " + c + ": " + count(d.optIns()) + " opt-ins"),
              series(
                  days,
                  "net",
                  "net",
                  d -> (double) d.net(),
                  d -> d.day() + " " + c + ": net " + Html.signed(d.net())));
      List<Mark> marks = new ArrayList<>();
      for (SpikeMark s : trend.spikesOf(c)) {
        int index =
            days.indexOf(
                days.stream().filter(d -> d.day().equals(s.day())).findFirst().orElse(null));
        if (index >= 0) {
          marks.add(new Mark(index, days.get(index).optOuts(), spikeText(s)));
        }
      }
      String id = "trend-" + c;
      out.append(
          Charts.lines(
              id,
              "Consent changes per day: " + c,
              "local date (MM-DD)",
              "users per day",
              labels,
              series,
              marks));
      List<List<String>> rows =
          days.stream()
              .map(
                  d ->
                      List.of(
                          d.day().toString(),
                          count(d.optOuts()),
                          count(d.optIns()),
                          Html.signed(d.net())))
              .toList();
      out.append(
          Html.table(
              id,
              "Consent changes per day, channel " + c,
              List.of("day", "opt-outs", "opt-ins", "net"),
              rows));
    }
    if (trend.spikesTableMissing()) {
      out.append(missing(SpikesTable.NAME, "spike days"));
    } else if (trend.spikes().isEmpty()) {
      out.append("<p class=\"note\">No spike days in this range (optout_spikes).</p>");
    } else {
      List<List<String>> rows =
          trend.spikes().stream()
              .map(
                  s ->
                      List.of(
                          s.day().toString(),
                          s.app(),
                          s.channel(),
                          count(s.optOuts()),
                          Html.decimal(s.baseline()),
                          Html.decimal(s.threshold()),
                          s.topCampaignId() == null ? "—" : campaignName(s),
                          count(s.topCampaignOptOuts())))
              .toList();
      out.append(
          Html.table(
              "spikes",
              "Spike days: opt-outs at or above the threshold (baseline: median of the previous"
                  + " days)",
              List.of(
                  "day",
                  "app",
                  "channel",
                  "opt-outs",
                  "baseline",
                  "threshold",
                  "top campaign",
                  "its opt-outs"),
              rows));
    }
    return out.toString();
  }

  private static String campaignName(SpikeMark s) {
    return s.topCampaignName() == null
        ? s.topCampaignId()
        : s.topCampaignName() + " (" + s.topCampaignId() + ")";
  }

  private static String spikeText(SpikeMark s) {
    return "Spike "
        + s.day()
        + " "
        + s.app()
        + " "
        + s.channel()
        + ": "
        + count(s.optOuts())
        + " opt-outs, threshold "
        + Html.decimal(s.threshold())
        + (s.topCampaignId() == null
            ? ""
            : "; top campaign " + campaignName(s) + " with " + count(s.topCampaignOptOuts()));
  }

  static <T> Series series(
      List<T> rows,
      String name,
      String css,
      Function<T, Double> value,
      Function<T, String> tooltip) {
    return new Series(
        name, css, rows.stream().map(value).toList(), rows.stream().map(tooltip).toList());
  }

  private static String pushPressure(Report report) {
    if (report.empty()) {
      return empty();
    }
    PushPressureView view = report.pushPressure();
    long total = view.histogram().stream().mapToLong(PushPressureView.Bucket::optOuts).sum();
    StringBuilder out = new StringBuilder("<div class=\"pair\"><div>");
    List<String> labels = view.histogram().stream().map(PushPressureView.Bucket::label).toList();
    out.append(
        Charts.verticalBars(
            "histogram",
            "Pushes received in the " + view.windowDays() + " days before opting out",
            "pushes received",
            "opt-outs",
            labels,
            series(
                view.histogram(),
                "opt-outs",
                "opt-outs",
                b -> (double) b.optOuts(),
                b -> b.label() + " pushes: " + count(b.optOuts()) + " opt-outs")));
    out.append(
        Html.table(
            "histogram",
            "Opt-outs by pushes received before opting out",
            List.of("pushes", "opt-outs", "share"),
            view.histogram().stream()
                .map(
                    b ->
                        List.of(
                            b.label(),
                            count(b.optOuts()),
                            Html.percent(total == 0 ? null : (double) b.optOuts() / total)))
                .toList()));
    out.append("</div><div>");
    if (view.fatigueTableMissing()) {
      out.append(missing(PushFatigueTable.NAME, "the fatigue curve"));
    } else if (view.fatigue().isEmpty()) {
      out.append("<p class=\"note\">No users at risk in this range (optout_push_fatigue).</p>");
    } else {
      List<String> fLabels =
          view.fatigue().stream().map(PushPressureView.FatiguePoint::label).toList();
      out.append(
          Charts.lines(
              "fatigue",
              "Fatigue curve: opt-outs per 1,000 opted-in users by pushes received",
              "pushes received in the " + view.windowDays() + " days before the day",
              "opt-outs per 1,000 users at risk",
              fLabels,
              List.of(
                  series(
                      view.fatigue(),
                      "per 1,000",
                      "fatigue",
                      PushPressureView.FatiguePoint::perThousand,
                      PushPressureView.FatiguePoint::tooltip)),
              List.of()));
      out.append(
          Html.table(
              "fatigue",
              "Fatigue curve: users at risk (opted in at the start of a day) and their opt-outs"
                  + " that day, summed over the range",
              List.of("pushes", "users at risk", "opt-outs", "per 1,000"),
              view.fatigue().stream()
                  .map(
                      f ->
                          List.of(
                              f.label(),
                              count(f.usersAtRisk()),
                              count(f.optOuts()),
                              perThousand(f.perThousand())))
                  .toList()));
    }
    return out.append("</div></div>").toString();
  }

  private static String campaigns(Report report) {
    if (report.empty()) {
      return empty();
    }
    CampaignView view = report.campaigns();
    return "<p class=\"note\">The campaign of the last push received / opened or clicked in the "
        + view.attributionDays()
        + " days before each opt-out; the top "
        + view.limit()
        + " by opt-outs. Opt-outs per 1,000 deliveries: optout_campaign_reach over the same days"
        + " and app (all channels).</p>\n"
        + campaignTouch("campaigns-received", "Last campaign received", view.received())
        + campaignTouch(
            "campaigns-interacted", "Last campaign opened or clicked", view.interacted());
  }

  private static String campaignTouch(
      String id, String title, List<CampaignView.CampaignRow> rows) {
    if (rows.isEmpty()) {
      return "<p class=\"note\">" + escape(title) + ": no rows.</p>";
    }
    String chart =
        Charts.horizontalBars(
            id,
            title + ": opt-outs",
            "opt-outs",
            rows.stream().map(CampaignView.CampaignRow::label).toList(),
            List.of(
                series(
                    rows,
                    "opt-outs",
                    "opt-outs",
                    r -> (double) r.optOuts(),
                    r ->
                        r.label()
                            + ": "
                            + count(r.optOuts())
                            + " opt-outs, "
                            + perThousand(r.perThousandDeliveries())
                            + " per 1,000 deliveries")));
    String table =
        Html.table(
            id,
            title,
            List.of(
                "campaign",
                "app",
                "campaign id",
                "opt-outs",
                "deliveries",
                "attributed opt-outs",
                "per 1,000 deliveries"),
            rows.stream()
                .map(
                    r ->
                        List.of(
                            r.campaignId() == null
                                ? "(no campaign)"
                                : (r.name() == null ? "(unnamed)" : r.name()),
                            r.app(),
                            r.campaignId() == null ? "—" : r.campaignId(),
                            count(r.optOuts()),
                            count(r.deliveries()),
                            count(r.attributedOptOuts()),
                            perThousand(r.perThousandDeliveries())))
                .toList());
    return chart + table;
  }

  private static String lastEvents(Report report) {
    if (report.empty()) {
      return empty();
    }
    LastEventsView view = report.lastEvents();
    String rows = view.includeNonFinal() ? "all rows, final or not" : "final rows only";
    StringBuilder out =
        new StringBuilder(
            "<p class=\"note\">Lookback "
                + view.lookback()
                + " days ("
                + rows
                + "): retain = at least one app event in the "
                + view.lookback()
                + " days after opting out. Events: "
                + escape(view.measure().label())
                + " "
                + escape(view.measure().unit())
                + " in the "
                + view.lookback()
                + " days before opting out, top "
                + view.limit()
                + ".</p>\n");
    long total = view.retainOptOuts() + view.churnOptOuts();
    if (total == 0) {
      return out.append(
              "<p class=\"note\">No final cohort rows for this lookback in this range yet.</p>")
          .toString();
    }
    List<String> cohorts = List.of("retain", "churn");
    List<Double> values = List.of((double) view.retainOptOuts(), (double) view.churnOptOuts());
    out.append(
        Charts.horizontalBars(
            "cohorts",
            "Retain vs churn " + view.lookback() + " days after opting out",
            "opt-outs",
            cohorts,
            List.of(
                new Series(
                    "opt-outs",
                    "opt-outs",
                    values,
                    List.of(
                        "retain: " + count(view.retainOptOuts()) + " opt-outs",
                        "churn: " + count(view.churnOptOuts()) + " opt-outs")))));
    out.append(
        Html.table(
            "cohorts",
            "Retain vs churn",
            List.of("cohort", "opt-outs", "share"),
            List.of(
                List.of(
                    "retain",
                    count(view.retainOptOuts()),
                    Html.percent((double) view.retainOptOuts() / total)),
                List.of(
                    "churn",
                    count(view.churnOptOuts()),
                    Html.percent((double) view.churnOptOuts() / total)))));
    if (view.events().isEmpty()) {
      return out.append("<p class=\"note\">No app events before these opt-outs.</p>").toString();
    }
    String unit = view.measure().unit();
    List<LastEventsView.EventRow> events = view.events();
    out.append(
        Charts.horizontalBars(
            "events",
            "App events in the "
                + view.lookback()
                + " days before opting out ("
                + view.measure().label()
                + ")",
            unit,
            events.stream().map(LastEventsView.EventRow::eventName).toList(),
            List.of(
                series(
                    events,
                    "retain",
                    "retain",
                    e -> (double) e.retain(),
                    e -> e.eventName() + ", retain: " + count(e.retain()) + " " + unit),
                series(
                    events,
                    "churn",
                    "churn",
                    e -> (double) e.churn(),
                    e -> e.eventName() + ", churn: " + count(e.churn()) + " " + unit))));
    out.append(
        Html.table(
            "events",
            "App events before opting out, " + unit + " per cohort",
            List.of("event", "retain", "churn"),
            events.stream()
                .map(e -> List.of(e.eventName(), count(e.retain()), count(e.churn())))
                .toList()));
    return out.toString();
  }

  private static String sources(Report report) {
    if (report.empty()) {
      return empty();
    }
    SourcePlatformView view = report.sourcesAndPlatforms();
    return "<div class=\"pair\"><div>"
        + slices("sources", "Opt-outs by source", view.sources())
        + "</div><div>"
        + slices("platforms", "Opt-outs by platform", view.platforms())
        + "</div></div>";
  }

  private static String slices(String id, String title, List<SourcePlatformView.Slice> slices) {
    long total = slices.stream().mapToLong(SourcePlatformView.Slice::optOuts).sum();
    return Charts.horizontalBars(
            id,
            title,
            "opt-outs",
            slices.stream().map(SourcePlatformView.Slice::label).toList(),
            List.of(
                series(
                    slices,
                    "opt-outs",
                    "opt-outs",
                    s -> (double) s.optOuts(),
                    s -> s.label() + ": " + count(s.optOuts()) + " opt-outs")))
        + Html.table(
            id,
            title,
            List.of(id.substring(0, id.length() - 1), "opt-outs", "share"),
            slices.stream()
                .map(
                    s ->
                        List.of(
                            s.label(),
                            count(s.optOuts()),
                            Html.percent(total == 0 ? null : (double) s.optOuts() / total)))
                .toList());
  }
}
