package io.optout.report;

/** The page's inline CSS: system fonts only, print rules so each chart stays on one page. */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS =
      """
      :root{--out:#c0392b;--in:#1e8449;--net:#2c3e50;--fatigue:#8e44ad;--retain:#2471a3;--churn:#ca6f1e;\
      --grid:#e5e7eb;--ink:#1f2933}
      *{box-sizing:border-box}
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);\
      margin:0 auto;max-width:1100px;padding:16px 24px;line-height:1.4}
      h1{font-size:1.6rem;margin:.2rem 0}\
      h2{font-size:1.25rem;border-bottom:2px solid var(--grid);padding-bottom:.2rem;margin-top:2rem}
      h3{font-size:1.05rem;margin:1.4rem 0 .3rem}
      .meta,.note,footer{color:#52606d;font-size:.9rem}
      .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:12px 0}
      .card{border:1px solid var(--grid);border-radius:6px;padding:10px 12px}
      .card .label{font-size:.85rem;color:#52606d}.card .value{font-size:1.6rem;font-weight:600}\
      .card .previous{font-size:.85rem;color:#52606d}
      .empty{font-size:1.2rem;font-weight:600;padding:12px;border:2px dashed #9aa5b1;border-radius:6px;\
      text-align:center}
      .missing{padding:8px 12px;background:#fff8e1;border-left:4px solid #f0b429}
      .pair{display:grid;grid-template-columns:1fr;gap:8px}
      svg.chart{width:100%;height:auto;display:block;margin:8px 0;font-size:11px}
      .chart-title{font-size:13px;font-weight:600;fill:var(--ink)}
      .tick,.legend,.category{fill:#52606d}.axis-label{fill:var(--ink);font-size:11px}
      .grid{stroke:var(--grid);stroke-width:1}.axis{stroke:#7b8794;stroke-width:1}
      .line{fill:none;stroke-width:1.5}
      .opt-outs{fill:var(--out);stroke:var(--out)}.opt-ins{fill:var(--in);stroke:var(--in)}\
      .net{fill:var(--net);stroke:var(--net)}
      .fatigue{fill:var(--fatigue);stroke:var(--fatigue)}.retain{fill:var(--retain);stroke:var(--retain)}\
      .churn{fill:var(--churn);stroke:var(--churn)}
      .expected{fill:#9aa5b1;stroke:#9aa5b1}.reopt-7{fill:#48c9b0;stroke:#48c9b0}\
      .reopt-30{fill:#117864;stroke:#117864}
      .cause-token_invalid{fill:#7f8c8d;stroke:#7f8c8d}.cause-cascade{fill:#d4ac0d;stroke:#d4ac0d}\
      .cause-dormant{fill:#5d6d7e;stroke:#5d6d7e}.cause-after_push{fill:#c0392b;stroke:#c0392b}\
      .cause-other{fill:#aab7b8;stroke:#aab7b8}.cause-unknown{fill:#e8daef;stroke:#e8daef}
      .level{fill:none;stroke:#2c3e50;stroke-width:1.5;stroke-dasharray:6 3}.step{fill:#2c3e50}
      .rule-line{stroke:#1e8449;stroke-width:2;stroke-dasharray:4 3}.rule-label{fill:#1e8449;font-weight:600}\
      .rule-swatch{fill:#1e8449}
      rect.bar{stroke:none}.series .line{fill:none}
      .spike-mark,.swatch-spike{fill:#f0b429;stroke:#7c5e10;stroke-width:1}
      table{border-collapse:collapse;margin:6px 0 18px;font-size:.85rem;font-variant-numeric:tabular-nums}
      caption{text-align:left;font-weight:600;padding:4px 0}
      th,td{border-bottom:1px solid var(--grid);padding:3px 8px;text-align:right}\
      th:first-child,thead th{text-align:left}
      pre{background:#f5f7fa;padding:10px;border-radius:4px;white-space:pre-wrap;word-break:break-all}
      @media (max-width:800px){.cards{grid-template-columns:1fr 1fr}}
      @media print{body{max-width:none;padding:0}svg.chart,table{break-inside:avoid}h2{break-after:avoid}}
      """;
}
