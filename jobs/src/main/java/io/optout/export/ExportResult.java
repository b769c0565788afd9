package io.optout.export;

import java.util.ArrayList;
import java.util.List;

/**
 * What an export wrote: where, how many rows, which Delta versions it read, and its first rows as
 * the text the file holds (for the console and the demo).
 */
public record ExportResult(
    String path,
    ExportFormat format,
    ExportPeriod period,
    ExportFilters filters,
    long rowCount,
    long factsVersion,
    long consentStateVersion,
    List<String> header,
    List<List<String>> firstRows) {

  public ExportResult {
    header = List.copyOf(header);
    firstRows =
        firstRows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r)))
            .toList();
  }

  public boolean isEmpty() {
    return rowCount == 0;
  }

  /** The lines the export command (and the demo) print. */
  public String report() {
    StringBuilder text = new StringBuilder();
    String scope =
        period
            + ", "
            + filters.app().map(a -> "app " + a).orElse("all apps")
            + ", "
            + filters.channel().map(c -> "channel " + c).orElse("all channels");
    if (isEmpty()) {
      text.append("Export is empty: no opt-outs in ").append(scope).append(".\n");
      text.append("Wrote a header-only ")
          .append(format.extension())
          .append(" file and its manifest to ")
          .append(path)
          .append('\n');
    } else {
      text.append("Exported ")
          .append(rowCount)
          .append(rowCount == 1 ? " opted-out user" : " opted-out users")
          .append(" (")
          .append(scope)
          .append(") to ")
          .append(path)
          .append(" (")
          .append(format.extension())
          .append(")\n");
    }
    text.append("Read optout_facts version ")
        .append(factsVersion)
        .append(", optout_consent_state version ")
        .append(consentStateVersion)
        .append('\n');
    if (!isEmpty()) {
      text.append("First ").append(firstRows.size()).append(" rows:\n");
      text.append(PreviewTable.render(header, firstRows));
    }
    return text.toString();
  }
}
