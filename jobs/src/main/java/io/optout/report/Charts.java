package io.optout.report;

import static io.optout.report.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts, plain Java: vertical bars, stacked bars, lines with points (and levels and
 * rules behind them), grouped horizontal bars. Each bar or point is one element ({@code rect.bar} /
 * {@code circle.point}) with its raw value in {@code data-value} and a {@code <title>} for hover;
 * axes carry ticks, unit labels and a legend.
 */
final class Charts {
  private Charts() {}

  /**
   * One series: a name for the legend, a CSS class for its colour, a value and hover text per
   * category (null value: no mark).
   */
  record Series(String name, String cssClass, List<Double> values, List<String> tooltips) {}

  /** An extra mark (a spike) above the category at {@code index}. */
  record Mark(int index, double value, String tooltip) {}

  /**
   * A level drawn as steps behind the lines, flat across each category's slot (null: no step
   * there): a fitted rate, not data points, so it has no point elements of its own.
   */
  record Level(String name, String cssClass, List<Double> values, String tooltip) {}

  /**
   * A vertical rule at {@code position} in category slots (0 the left edge of the first category, 1
   * the boundary between the first and the second), labelled at its top.
   */
  record Rule(double position, String name, String label, String tooltip) {}

  private static final int WIDTH = 760;
  private static final int HEIGHT = 280;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 34;
  private static final int BOTTOM = 56;

  static String verticalBars(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      Series series) {
    return bars(id, title, xLabel, yLabel, categories, List.of(series), false);
  }

  static String lines(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Series> series,
      List<Mark> marks) {
    return lines(id, title, xLabel, yLabel, categories, series, marks, List.of(), List.of());
  }

  /** Lines with spike marks, and levels and rules drawn behind them. */
  static String lines(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Series> series,
      List<Mark> marks,
      List<Level> levels,
      List<Rule> rules) {
    double top =
        Math.max(
            Math.max(max(series), marks.stream().mapToDouble(Mark::value).max().orElse(0)),
            levels.stream()
                .flatMap(l -> l.values().stream())
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0));
    Scale y = Scale.of(Math.min(0, min(series)), top);
    StringBuilder svg = open(id, title, HEIGHT);
    yAxis(svg, y, yLabel, HEIGHT);
    double slot = plotWidth() / Math.max(1, categories.size());
    for (Level level : levels) {
      svg.append(level(level, y, slot));
    }
    for (Rule rule : rules) {
      double x = LEFT + rule.position() * slot;
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"rule\" data-rule=\"%s\"><title>%s</title><line class=\"rule-line\""
                  + " x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/><text class=\"rule-label\""
                  + " x=\"%.1f\" y=\"%d\">%s</text></g>",
              escape(rule.label()),
              escape(rule.tooltip()),
              x,
              x,
              TOP,
              HEIGHT - BOTTOM,
              x + 4,
              TOP + 12,
              escape(rule.label())));
    }
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < categories.size(); i++) {
        Double v = s.values().get(i);
        if (v == null) {
          continue;
        }
        double cx = LEFT + (i + 0.5) * slot;
        double cy = y.position(v, HEIGHT);
        path.append(path.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", cx, cy));
        points.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"point %s\" data-series=\"%s\" data-value=\"%s\" cx=\"%.1f\""
                    + " cy=\"%.1f\" r=\"%.1f\"><title>%s</title></circle>",
                escape(s.cssClass()),
                escape(s.name()),
                raw(v),
                cx,
                cy,
                Math.min(4.0, Math.max(1.5, slot / 3)),
                escape(s.tooltips().get(i))));
      }
      svg.append("<g class=\"series ")
          .append(escape(s.cssClass()))
          .append("\"><path class=\"line\" d=\"")
          .append(path)
          .append("\"/>")
          .append(points)
          .append("</g>");
    }
    for (Mark m : marks) {
      double cx = LEFT + (m.index() + 0.5) * slot;
      double cy = y.position(m.value(), HEIGHT) - 9;
      svg.append(
          String.format(
              Locale.ROOT,
              "<path class=\"spike-mark\" d=\"M%.1f %.1f l-5 -9 h10 z\"><title>%s</title></path>",
              cx,
              cy + 4,
              escape(m.tooltip())));
    }
    xCategories(svg, categories, slot, HEIGHT);
    xLabel(svg, xLabel, HEIGHT);
    List<LegendEntry> legend = new ArrayList<>();
    series.forEach(s -> legend.add(new LegendEntry(s.name(), s.cssClass())));
    levels.forEach(l -> legend.add(new LegendEntry(l.name(), l.cssClass())));
    rules.forEach(r -> legend.add(new LegendEntry(r.name(), "rule-swatch")));
    if (!marks.isEmpty()) {
      legend.add(new LegendEntry(SPIKE_LABEL, null));
    }
    legend(svg, legend);
    return close(svg);
  }

  /** A level as one stepped path: flat over each category's slot, vertical between slots. */
  private static String level(Level level, Scale y, double slot) {
    StringBuilder path = new StringBuilder();
    boolean open = false;
    for (int i = 0; i < level.values().size(); i++) {
      Double v = level.values().get(i);
      if (v == null) {
        open = false;
        continue;
      }
      double py = y.position(v, HEIGHT);
      path.append(
              String.format(Locale.ROOT, open ? " L%.1f %.1f" : "M%.1f %.1f", LEFT + i * slot, py))
          .append(String.format(Locale.ROOT, " L%.1f %.1f", LEFT + (i + 1) * slot, py));
      open = true;
    }
    return "<path class=\"level "
        + escape(level.cssClass())
        + "\" data-level=\""
        + escape(level.name())
        + "\" d=\""
        + path
        + "\"><title>"
        + escape(level.tooltip())
        + "</title></path>";
  }

  /**
   * Vertical bars stacked per category, one segment per series (bottom first): each segment is a
   * bar with its own value, a zero one included (height 0), so a chart has one bar per datum.
   */
  static String stackedBars(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Series> series) {
    return bars(id, title, xLabel, yLabel, categories, series, true);
  }

  /** Vertical bars, one per category, the series stacked from the bottom up. */
  private static String bars(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Series> series,
      boolean withLegend) {
    double top = 0;
    for (int i = 0; i < categories.size(); i++) {
      double total = 0;
      for (Series s : series) {
        Double v = s.values().get(i);
        total += v == null ? 0 : v;
      }
      top = Math.max(top, total);
    }
    Scale y = Scale.of(0, top);
    StringBuilder svg = open(id, title, HEIGHT);
    yAxis(svg, y, yLabel, HEIGHT);
    double slot = plotWidth() / Math.max(1, categories.size());
    double barWidth = Math.max(1, slot * 0.7);
    for (int i = 0; i < categories.size(); i++) {
      double x = LEFT + i * slot + (slot - barWidth) / 2;
      double base = 0;
      for (Series s : series) {
        Double v = s.values().get(i);
        if (v == null) {
          continue;
        }
        double bottom = y.position(base, HEIGHT);
        double topY = y.position(base + v, HEIGHT);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar %s\" data-series=\"%s\" data-value=\"%s\" x=\"%.1f\""
                    + " y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
                escape(s.cssClass()),
                escape(s.name()),
                raw(v),
                x,
                topY,
                barWidth,
                Math.max(0, bottom - topY),
                escape(s.tooltips().get(i))));
        base += v;
      }
    }
    xCategories(svg, categories, slot, HEIGHT);
    xLabel(svg, xLabel, HEIGHT);
    if (withLegend) {
      legend(svg, series.stream().map(s -> new LegendEntry(s.name(), s.cssClass())).toList());
    }
    return close(svg);
  }

  /**
   * Grouped horizontal bars: one row per category, one bar per series; the label column on the
   * left.
   */
  static String horizontalBars(
      String id, String title, String xLabel, List<String> categories, List<Series> series) {
    int row = 14 * series.size() + 10;
    int labelWidth = 240;
    int height = TOP + categories.size() * row + 48;
    Scale x = Scale.of(0, max(series));
    double plot = WIDTH - labelWidth - RIGHT - 40;
    StringBuilder svg = open(id, title, height);
    int axisY = TOP + categories.size() * row;
    for (double t : x.ticks()) {
      double px = labelWidth + plot * (t - x.min()) / (x.max() - x.min());
      svg.append(
              String.format(
                  Locale.ROOT,
                  "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>",
                  px,
                  px,
                  TOP,
                  axisY))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                  px,
                  axisY + 14,
                  tick(t)));
    }
    for (int i = 0; i < categories.size(); i++) {
      int y0 = TOP + i * row + 5;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"category\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
              labelWidth - 6,
              y0 + 7 * series.size() + 4,
              escape(shorten(categories.get(i), 38))));
      for (int s = 0; s < series.size(); s++) {
        Series se = series.get(s);
        Double v = se.values().get(i);
        if (v == null) {
          continue;
        }
        double w = plot * v / (x.max() - x.min());
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar %s\" data-series=\"%s\" data-value=\"%s\" x=\"%d\" y=\"%d\""
                    + " width=\"%.1f\" height=\"12\"><title>%s</title></rect>",
                escape(se.cssClass()),
                escape(se.name()),
                raw(v),
                labelWidth,
                y0 + s * 14,
                Math.max(0, w),
                escape(se.tooltips().get(i))));
      }
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
            labelWidth,
            labelWidth,
            TOP,
            axisY));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            labelWidth + plot / 2,
            axisY + 34,
            escape(xLabel)));
    if (series.size() > 1) {
      legend(svg, series.stream().map(s -> new LegendEntry(s.name(), s.cssClass())).toList());
    }
    return close(svg);
  }

  private static StringBuilder open(String id, String title, int height) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-labelledby=\"%s-title\"><title id=\"%s-title\">%s</title>",
            escape(id),
            WIDTH,
            height,
            escape(id),
            escape(id),
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"chart-title\" x=\"%d\" y=\"18\">%s</text>",
            LEFT,
            escape(title)));
    return svg;
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg>\n").toString();
  }

  private static void yAxis(StringBuilder svg, Scale y, String label, int height) {
    for (double t : y.ticks()) {
      double py = y.position(t, height);
      svg.append(
              String.format(
                  Locale.ROOT,
                  "<line class=\"%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                  t == 0 ? "axis" : "grid",
                  LEFT,
                  WIDTH - RIGHT,
                  py,
                  py))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                  LEFT - 6,
                  py + 4,
                  tick(t)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
            LEFT,
            LEFT,
            TOP,
            height - BOTTOM));
    double middle = TOP + (height - BOTTOM - TOP) / 2.0;
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis-label\" transform=\"translate(16 %.1f) rotate(-90)\""
                + " text-anchor=\"middle\">%s</text>",
            middle,
            escape(label)));
  }

  private static void xCategories(
      StringBuilder svg, List<String> categories, double slot, int height) {
    int every = Math.max(1, (int) Math.ceil(categories.size() / 12.0));
    for (int i = 0; i < categories.size(); i += every) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              LEFT + (i + 0.5) * slot,
              height - BOTTOM + 16,
              escape(categories.get(i))));
    }
  }

  private static void xLabel(StringBuilder svg, String label, int height) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            LEFT + plotWidth() / 2,
            height - 14,
            escape(label)));
  }

  /** One legend entry: a swatch of the CSS class, or the spike triangle when it is null. */
  private record LegendEntry(String label, String swatchClass) {}

  private static void legend(StringBuilder svg, List<LegendEntry> entries) {
    // right-aligned, each entry as wide as its label, so it stays clear of the chart's title
    double width = 0;
    for (LegendEntry e : entries) {
      width += legendWidth(e.label());
    }
    double x = WIDTH - RIGHT - width;
    for (LegendEntry e : entries) {
      if (e.swatchClass() == null) {
        svg.append(
            String.format(
                Locale.ROOT, "<path class=\"swatch-spike\" d=\"M%.1f 8 h10 l-5 9 z\"/>", x));
      } else {
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"swatch %s\" x=\"%.1f\" y=\"8\" width=\"10\" height=\"10\"/>",
                escape(e.swatchClass()),
                x));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"legend\" x=\"%.1f\" y=\"17\">%s</text>",
              x + 14,
              escape(e.label())));
      x += legendWidth(e.label());
    }
  }

  private static final String SPIKE_LABEL = "spike day";

  /** Swatch and gap, the label at about 8 px a character, then a gap before the next entry. */
  private static double legendWidth(String label) {
    return 14 + 8.0 * label.length() + 18;
  }

  private static double plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static double max(List<Series> series) {
    return series.stream()
        .flatMap(s -> s.values().stream())
        .filter(v -> v != null)
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(0);
  }

  private static double min(List<Series> series) {
    return series.stream()
        .flatMap(s -> s.values().stream())
        .filter(v -> v != null)
        .mapToDouble(Double::doubleValue)
        .min()
        .orElse(0);
  }

  private static String shorten(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length - 1) + "…";
  }

  /** The raw value for data-value: integers without decimals, others as Java prints them. */
  static String raw(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String tick(double t) {
    return t == Math.rint(t) ? Html.count((long) t) : String.format(Locale.ROOT, "%.2f", t);
  }

  /** A linear axis from a rounded-down minimum to a rounded-up maximum with about five ticks. */
  record Scale(double min, double max, double step) {
    static Scale of(double low, double high) {
      double span = Math.max(high - low, 1e-9);
      double raw = span / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step =
          raw / magnitude < 1.5
              ? magnitude
              : raw / magnitude < 3.5
                  ? 2 * magnitude
                  : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
      if (high <= 0 && low >= 0) {
        return new Scale(0, 1, 1);
      }
      double lo = Math.floor(low / step) * step;
      double hi = Math.max(Math.ceil(high / step) * step, lo + step);
      return new Scale(lo, hi, step);
    }

    List<Double> ticks() {
      int n = (int) Math.round((max - min) / step);
      return java.util.stream.IntStream.rangeClosed(0, n).mapToObj(i -> min + i * step).toList();
    }

    double position(double value, int height) {
      return height - BOTTOM - (height - BOTTOM - TOP) * (value - min) / (max - min);
    }
  }
}
