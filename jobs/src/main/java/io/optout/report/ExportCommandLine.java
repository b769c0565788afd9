package io.optout.report;

import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The exact {@code bin/optout export} command for the users of a report's range (docs/metrics.md
 * section 7: the date range and filters alone).
 */
final class ExportCommandLine {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/:=@%+-]+");

  private ExportCommandLine() {}

  static String of(ExportPeriod period, ExportFilters filters) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bin/optout",
                "export",
                "--from",
                period.from().toString(),
                "--to",
                period.to().toString(),
                "--as-of",
                period.asOf().toString()));
    filters.app().ifPresent(app -> args.addAll(List.of("--app", app)));
    filters.channel().ifPresent(channel -> args.addAll(List.of("--channel", channel)));
    args.addAll(List.of("--out", "exports/opted-out-" + period.from() + "_" + period.to()));
    return String.join(" ", args.stream().map(ExportCommandLine::quoted).toList());
  }

  /** POSIX shell quoting: plain words as they are, anything else in single quotes. */
  static String quoted(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\"'\"'") + "'";
  }
}
