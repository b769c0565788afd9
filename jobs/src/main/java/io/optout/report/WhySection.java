package io.optout.report;

import static io.optout.report.Html.count;
import static io.optout.report.Html.escape;
import static io.optout.report.Html.perThousand;
import static io.optout.report.ReportPage.series;

import io.optout.report.CauseView.CauseDay;
import io.optout.report.CauseView.Return;
import io.optout.report.Charts.Level;
import io.optout.report.Charts.Rule;
import io.optout.report.Charts.Series;
import io.optout.report.FrequencyCapView.Cap;
import io.optout.report.HarmfulCampaignView.Impact;
import io.optout.report.PushPressureView.FatiguePoint;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.PushFatigueTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The report's "Why users opt out" section (docs/report.md, docs/why.md): the campaigns flagged
 * harmful beside the nearest harmless ones, opt-outs by cause per day, the share back within 7 and
 * 30 days, and the fatigue curves with their step and recommended cap. Each part says in words when
 * its table is absent or has no rows for the range.
 */
final class WhySection {
  /** What writes the why tables, for the line shown when one is absent. */
  static final String REMEDY =
      "the pipeline writes it when optout.why.enabled is true, the default; run a version that"
          + " writes it";

  private WhySection() {}

  static String render(Report report) {
    if (report.empty()) {
      return ReportPage.empty();
    }
    return "<p class=\"note\">Read from the data, not asked of the users: a cause is a heuristic,"
        + " and a flagged campaign opted out more of its recipients than the app's other campaigns"
        + " that day, which is not a controlled experiment (docs/why.md).</p>\n"
        + campaigns(report.harmfulCampaigns())
        + causes(report.causes())
        + returns(report.causes())
        + caps(report.frequencyCap());
  }

  private static String heading(String title) {
    return "<h3>" + escape(title) + "</h3>\n";
  }

  private static String note(String text) {
    return "<p class=\"note\">" + escape(text) + "</p>\n";
  }

  /** A line saying a part has nothing to show, in words (kept apart from notes for the tests). */
  private static String none(String part, String text) {
    return "<p class=\"note\" data-none=\"" + escape(part) + "\">" + escape(text) + "</p>\n";
  }

  static String campaigns(HarmfulCampaignView view) {
    String title = "Campaigns flagged harmful";
    if (view.tableMissing()) {
      return heading(title)
          + ReportPage.missing(CampaignImpactTable.NAME, "the harmful campaigns", REMEDY);
    }
    if (view.compared() == 0) {
      return heading(title)
          + none(
              "why-campaigns",
              "No campaign of this range could be compared with others: optout_campaign_impact"
                  + " has no row with a baseline for these dates (it needs two campaigns of one"
                  + " app reaching one channel on the same day).");
    }
    String fdr = Html.percent(view.fdr());
    if (view.flagged() == 0) {
      return heading(title)
          + none(
              "why-campaigns",
              "No campaign was flagged harmful in this range: none of the "
                  + count(view.compared())
                  + " campaign-days compared with the app's other campaigns that day stands out"
                  + " at a false discovery rate of "
                  + fdr
                  + ".");
    }
    List<Impact> rows = view.shown();
    String intro =
        count(view.flagged())
            + " of "
            + count(view.compared())
            + " campaign-days compared with the app's other campaigns that day were flagged"
            + " harmful (Benjamini-Hochberg at a false discovery rate of "
            + fdr
            + " per app and day)"
            + (view.flagged() > view.limit()
                ? "; the " + view.limit() + " with the smallest p-values are shown"
                : "")
            + ". Opt-outs: recipients who opted out within "
            + view.horizonDays()
            + " days of the campaign's first push that day; expected: at the rate of the app's"
            + " other campaigns that day on the channel. Each group is followed by its nearest"
            + " harmless campaign for contrast: of the same day, app and channel (the campaigns the"
            + " baseline is made of), the unflagged one with the smallest p-value.";
    List<String> labels = rows.stream().map(WhySection::shortLabel).toList();
    String chart =
        Charts.horizontalBars(
            "why-campaigns",
            "Opt-outs against expected",
            "opt-outs within " + view.horizonDays() + " days",
            labels,
            List.of(
                series(
                    rows,
                    "opt-outs",
                    "opt-outs",
                    r -> (double) r.optOuts(),
                    r ->
                        flag(r)
                            + ": "
                            + r.label()
                            + ": "
                            + count(r.optOuts())
                            + " of "
                            + count(r.recipients())
                            + " opted out, p = "
                            + Html.pValue(r.pValue())),
                series(
                    rows,
                    "expected",
                    "expected",
                    Impact::expected,
                    r ->
                        flag(r)
                            + ": "
                            + r.label()
                            + ": "
                            + Html.decimal(r.expected())
                            + " expected, excess "
                            + Html.decimal(r.excess()))));
    String table =
        Html.table(
            "why-campaigns",
            "Harmful campaigns, each group followed by the nearest harmless campaign",
            List.of(
                "campaign",
                "flag",
                "day",
                "app",
                "channel",
                "campaign id",
                "recipients",
                "opt-outs",
                "expected",
                "excess",
                "p-value"),
            rows.stream()
                .map(
                    r ->
                        List.of(
                            r.name() == null ? "(unnamed)" : r.name(),
                            flag(r),
                            r.day().toString(),
                            r.app(),
                            r.channel(),
                            r.campaignId(),
                            count(r.recipients()),
                            count(r.optOuts()),
                            Html.decimal(r.expected()),
                            Html.decimal(r.excess()),
                            Html.pValue(r.pValue())))
                .toList());
    return heading(title) + note(intro) + chart + table;
  }

  /**
   * A bar's label, short enough for the label column: a flagged campaign with its channel and day,
   * a contrast as "vs" its name (same day, app and channel as the bars above it).
   */
  private static String shortLabel(Impact r) {
    String name = r.name() == null ? r.campaignId() : r.name();
    return r.harmful()
        ? name + " · " + r.channel() + " · " + r.day().toString().substring(5)
        : "vs " + name;
  }

  private static String flag(Impact r) {
    return r.harmful() ? "harmful" : "contrast";
  }

  private static String causeClass(String cause) {
    return cause != null && CauseQuery.RULE_ORDER.contains(cause)
        ? "cause-" + cause
        : "cause-unknown";
  }

  private static String causeName(String cause) {
    return cause == null ? "unknown" : cause;
  }

  static String causes(CauseView view) {
    String title = "Opt-outs by likely cause";
    if (view.tableMissing()) {
      return heading(title)
          + ReportPage.missing(CauseDailyTable.NAME, "the causes and re-opt-ins", REMEDY);
    }
    if (view.noRows()) {
      return heading(title)
          + none(
              "why-causes",
              "No opt-out of this range has a cause: optout_cause_daily has no rows for these"
                  + " dates.");
    }
    List<CauseDay> days = view.days();
    List<Series> series = new ArrayList<>();
    for (int c = 0; c < view.causes().size(); c++) {
      int index = c;
      String cause = causeName(view.causes().get(c));
      series.add(
          series(
              days,
              cause,
              causeClass(view.causes().get(c)),
              d -> (double) d.optOuts().get(index),
              d -> d.day() + " " + cause + ": " + count(d.optOuts().get(index)) + " opt-outs"));
    }
    String chart =
        Charts.stackedBars(
            "why-causes",
            "Opt-outs by likely cause",
            "local date (MM-DD)",
            "opt-outs per day",
            days.stream().map(d -> d.day().toString().substring(5)).toList(),
            series);
    List<String> header = new ArrayList<>(List.of("day"));
    view.causes().forEach(c -> header.add(causeName(c)));
    header.add("all causes");
    List<List<String>> rows =
        days.stream()
            .map(
                d -> {
                  List<String> row = new ArrayList<>(List.of(d.day().toString()));
                  d.optOuts().forEach(n -> row.add(count(n)));
                  row.add(count(d.total()));
                  return List.copyOf(row);
                })
            .toList();
    return heading(title)
        + note(
            "The first rule that holds for each opt-out (optout_cause_daily): token_invalid (the"
                + " device stopped accepting pushes), cascade (the user left another channel"
                + " shortly before), dormant (no app event for weeks), after_push (a push shortly"
                + " before), other.")
        + chart
        + Html.table("why-causes", "Opt-outs per day by likely cause", header, rows);
  }

  static String returns(CauseView view) {
    String title = "Back within 7 and 30 days";
    if (view.tableMissing() || view.noRows()) {
      return ""; // the causes part above already says why
    }
    List<Return> rows = new ArrayList<>(view.returns());
    rows.add(view.all());
    String chart =
        Charts.horizontalBars(
            "why-returns",
            "Share of opted-out users who opted in again",
            "% of the opt-outs",
            rows.stream().map(r -> causeName(r.cause())).toList(),
            List.of(
                series(
                    rows,
                    "within 7 days",
                    "reopt-7",
                    Return::percent7,
                    r ->
                        causeName(r.cause())
                            + ": "
                            + Html.percent(r.share7())
                            + " back within 7 days ("
                            + count(r.within7())
                            + " of "
                            + count(r.optOuts())
                            + ")"),
                series(
                    rows,
                    "within 30 days",
                    "reopt-30",
                    Return::percent30,
                    r ->
                        causeName(r.cause())
                            + ": "
                            + Html.percent(r.share30())
                            + " back within 30 days ("
                            + count(r.within30())
                            + " of "
                            + count(r.optOuts())
                            + ")")));
    String table =
        Html.table(
            "why-returns",
            "Opted-out users who opted in again, by likely cause",
            List.of(
                "cause",
                "opt-outs",
                "back within 7 days",
                "share",
                "back within 30 days",
                "share",
                "not final"),
            rows.stream()
                .map(
                    r ->
                        List.of(
                            causeName(r.cause()),
                            count(r.optOuts()),
                            count(r.within7()),
                            Html.percent(r.share7()),
                            count(r.within30()),
                            Html.percent(r.share30()),
                            count(r.notFinal())))
                .toList());
    long open = view.all().notFinal();
    return heading(title)
        + note(
            "Of the range's opt-outs, those whose user opted in again to the same channel within 7"
                + " and within 30 days."
                + (open == 0
                    ? ""
                    : " "
                        + count(open)
                        + " of them are in rows that are not final (less than 31 days before the"
                        + " run's as-of date): their users may still come back, so these shares"
                        + " can still grow."))
        + chart
        + table;
  }

  static String caps(FrequencyCapView view) {
    String title = "Fatigue curve, its step and the recommended cap";
    if (view.capTableMissing()) {
      return heading(title)
          + ReportPage.missing(FrequencyCapTable.NAME, "the frequency cap", REMEDY);
    }
    if (view.caps().isEmpty()) {
      return heading(title)
          + none(
              "why-cap",
              "No frequency cap for this range: optout_frequency_cap has no rows for these"
                  + " dates.");
    }
    StringBuilder out = new StringBuilder(heading(title));
    out.append(
        note(
            "Per app and channel, the latest day of the range: the fatigue curve of the "
                + view.periodDays()
                + " days up to it (users at risk with 1 or more pushes in the "
                + view.windowDays()
                + " days before a day, and their opt-outs that day), the push count from which"
                + " the risk steps up (the best split into a lower and a higher rate), and, when"
                + " the step is significant at "
                + String.format(Locale.ROOT, "%s", view.alpha())
                + ", the recommended cap just below it. A cap is a starting point for a test,"
                + " not its result."));
    out.append(
        Html.table(
            "why-cap",
            "Frequency cap per app and channel (optout_frequency_cap)",
            List.of(
                "app · channel",
                "day",
                "step at",
                "below: per 1,000",
                "above: per 1,000",
                "p-value",
                "significant",
                "recommended cap"),
            view.caps().stream()
                .map(
                    c ->
                        List.of(
                            c.label(),
                            c.day().toString(),
                            c.stepAt() == null ? "no step" : c.stepAt().toString(),
                            perThousand(c.rateBelow()),
                            perThousand(c.rateAbove()),
                            Html.pValue(c.pValue()),
                            c.stepAt() == null ? "—" : c.significant() ? "yes" : "no",
                            c.recommendedCap() == null ? "—" : c.recommendedCap().toString()))
                .toList()));
    if (view.fatigueTableMissing()) {
      return out.append(
              ReportPage.missing(PushFatigueTable.NAME, "the fatigue curves of the steps"))
          .toString();
    }
    List<Cap> charted = view.charted();
    if (charted.isEmpty()) {
      return out.append(
              none(
                  "why-cap-curves",
                  "No curve to draw: no app and channel has a step (a split needs "
                      + "optout.cap.min-users users at risk on both sides and a higher rate"
                      + " above)."))
          .toString();
    }
    long withStep = view.caps().stream().filter(c -> c.stepAt() != null).count();
    if (withStep > charted.size()) {
      out.append(
          note(
              "Curves drawn for "
                  + charted.size()
                  + " of the "
                  + withStep
                  + " with a step, significant ones first; --app and --channel narrow the"
                  + " report."));
    }
    for (int i = 0; i < charted.size(); i++) {
      out.append(curve("why-cap-" + (i + 1), charted.get(i), view));
    }
    return out.toString();
  }

  private static String curve(String id, Cap cap, FrequencyCapView view) {
    List<FatiguePoint> points = cap.curve();
    int step = cap.stepAt();
    int boundary =
        IntStream.range(0, points.size())
            .filter(i -> points.get(i).pushes() >= step)
            .findFirst()
            .orElse(points.size());
    String ruleName = cap.recommendedCap() != null ? "cap" : "step, no cap";
    String ruleLabel =
        cap.recommendedCap() != null
            ? "cap " + cap.recommendedCap()
            : "step at " + step + " (p = " + Html.pValue(cap.pValue()) + ")";
    Rule rule =
        new Rule(
            boundary,
            ruleName,
            ruleLabel,
            cap.recommendedCap() != null
                ? "Recommended cap: "
                    + cap.recommendedCap()
                    + " pushes in "
                    + view.windowDays()
                    + " days; the risk steps up at "
                    + step
                    + " (p = "
                    + Html.pValue(cap.pValue())
                    + ")"
                : "The risk steps up at "
                    + step
                    + " pushes, but not significantly (p = "
                    + Html.pValue(cap.pValue())
                    + "): no cap recommended");
    Level level =
        new Level(
            "step",
            "step",
            points.stream()
                .map(p -> p.pushes() < step ? cap.rateBelow() : cap.rateAbove())
                .toList(),
            "Rate below the step "
                + perThousand(cap.rateBelow())
                + ", from the step on "
                + perThousand(cap.rateAbove())
                + " opt-outs per 1,000 users at risk");
    String chart =
        Charts.lines(
            id,
            "Fatigue curve: " + cap.label() + ", " + view.periodDays() + " days to " + cap.day(),
            "pushes received in the " + view.windowDays() + " days before the day",
            "opt-outs per 1,000 users at risk",
            points.stream().map(FatiguePoint::label).toList(),
            List.of(
                series(
                    points,
                    "per 1,000",
                    "fatigue",
                    FatiguePoint::perThousand,
                    FatiguePoint::tooltip)),
            List.of(),
            List.of(level),
            List.of(rule));
    String table =
        Html.table(
            id,
            "Fatigue curve of "
                + cap.label()
                + ", the "
                + view.periodDays()
                + " days to "
                + cap.day(),
            List.of("pushes", "users at risk", "opt-outs", "per 1,000", "side of the step"),
            points.stream()
                .map(
                    f ->
                        List.of(
                            f.label(),
                            count(f.usersAtRisk()),
                            count(f.optOuts()),
                            perThousand(f.perThousand()),
                            f.pushes() < step ? "below" : "above"))
                .toList());
    return chart + table;
  }
}
