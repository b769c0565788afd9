package io.optout.report;

import java.util.List;
import java.util.Locale;

/**
 * HTML escaping and number formats of the report page; every string from the data goes through
 * {@link #escape}.
 */
final class Html {
  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  /** 12,345 (grouping with commas whatever the machine's locale). */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A count with its sign: +12, -3, 0. */
  static String signed(long value) {
    return value > 0 ? "+" + count(value) : count(value);
  }

  /** A share as a percentage with two decimals, "—" when undefined. */
  static String percent(Double share) {
    return share == null ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * share);
  }

  /** A rate per thousand with two decimals, "—" when undefined. */
  static String perThousand(Double value) {
    return value == null ? "—" : String.format(Locale.ROOT, "%.2f", value);
  }

  static String decimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** One decimal, "—" when undefined. */
  static String decimal(Double value) {
    return value == null ? "—" : decimal(value.doubleValue());
  }

  /**
   * A p-value: three decimals down to 0.001, below that in scientific notation (1.2e-05), so a tiny
   * p-value never reads as 0; "—" when undefined.
   */
  static String pValue(Double value) {
    if (value == null) {
      return "—";
    }
    return value >= 0.001
        ? String.format(Locale.ROOT, "%.3f", value)
        : String.format(Locale.ROOT, "%.1e", value);
  }

  /**
   * A table with a caption, header cells and rows of already formatted cell texts (escaped here).
   */
  static String table(String id, String caption, List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    out.append("<table data-table=\"")
        .append(escape(id))
        .append("\"><caption>")
        .append(escape(caption))
        .append("</caption><thead><tr>");
    for (String h : header) {
      out.append("<th scope=\"col\">").append(escape(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String tag = i == 0 ? "th scope=\"row\"" : "td";
        out.append('<')
            .append(tag)
            .append('>')
            .append(escape(row.get(i)))
            .append("</")
            .append(i == 0 ? "th" : "td")
            .append('>');
      }
      out.append("</tr>");
    }
    return out.append("</tbody></table>\n").toString();
  }
}
