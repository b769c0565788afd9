package io.optout.export;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table of a few rows for the console; control characters shown escaped. */
final class PreviewTable {
  private PreviewTable() {}

  static String render(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    rows.forEach(r -> all.add(r.stream().map(PreviewTable::printable).toList()));
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : all) {
      for (int i = 0; i < widths.length; i++) {
        text.append(i == 0 ? "" : " | ").append(pad(row.get(i), widths[i]));
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String printable(String value) {
    if (value == null) {
      return "";
    }
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  private static String pad(String value, int width) {
    return value + " ".repeat(width - value.length());
  }
}
