package io.optout.export;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything one export needs: the opt-out date range, filters, format, the target folder (local
 * path or s3a:// URI), whether an existing export may be replaced, the optout_facts Delta version
 * to read (empty: the latest) and the command line recorded in the manifest.
 */
public record ExportRequest(
    ExportPeriod period,
    ExportFilters filters,
    ExportFormat format,
    String out,
    boolean overwrite,
    OptionalLong factsVersion,
    List<String> commandLine) {

  public ExportRequest {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(factsVersion, "factsVersion");
    commandLine = List.copyOf(commandLine);
  }

  /** A CSV export of the latest data, no filters, refusing an existing folder. */
  public static ExportRequest csv(ExportPeriod period, String out, List<String> commandLine) {
    return new ExportRequest(
        period,
        ExportFilters.NONE,
        ExportFormat.CSV,
        out,
        false,
        OptionalLong.empty(),
        commandLine);
  }

  /** The same request, allowed to replace an existing export at {@link #out()}. */
  public ExportRequest overwriting() {
    return new ExportRequest(period, filters, format, out, true, factsVersion, commandLine);
  }
}
