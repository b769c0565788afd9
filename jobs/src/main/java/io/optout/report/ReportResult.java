package io.optout.report;

import java.nio.file.Path;
import java.util.Locale;

/** What a written report is: its file, size, the range's opt-outs and how long it took. */
public record ReportResult(Path file, long bytes, long optOuts, double seconds) {
  public String summary() {
    return String.format(
        Locale.ROOT,
        "Report written to %s (%,d bytes, %,d opt-outs in range, %.1f s)%n",
        file,
        bytes,
        optOuts,
        seconds);
  }
}
