package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.export.ExportFormat;
import io.optout.export.ExportJob;
import io.optout.export.ExportRequest;
import io.optout.export.ExportResult;
import io.optout.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code optout export}: opted-out users with their external ids for a date range (docs/metrics.md
 * section 7).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the users with at least one opt-out in a date range, one row per app, user and"
          + " channel, as one CSV (default) or Parquet file plus _manifest.json into the folder"
          + " --out.",
      "Periods end at the as-of date D: last-week = [D-6, D], last-month = [D-29, D], last-year ="
          + " [D-364, D]; --from A --to B is inclusive."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin PeriodOptions range;

  @Mixin FilterOptions filters;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      description = "csv (default) or parquet.")
  String format;

  @Option(
      names = "--out",
      paramLabel = "PATH",
      required = true,
      description = "Export folder to create (local path or s3a:// URI).")
  String out;

  @Option(names = "--overwrite", description = "Replace an existing export at --out.")
  boolean overwrite;

  @Option(
      names = "--table-version",
      paramLabel = "N",
      description =
          "Read optout_facts at Delta version N (from an earlier manifest) to reproduce an old"
              + " export.")
  Long version;

  @Override
  public Integer call() {
    OptoutConfig loaded = config.load();
    ExportRequest request = request(loaded);
    ExportResult result = new ExportJob(SparkSessions.getOrCreate(loaded), loaded).run(request);
    spec.commandLine().getOut().print(result.report());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Every option checked before anything is read or written. */
  ExportRequest request(OptoutConfig loaded) {
    if (version != null && version < 0) {
      throw UsageErrors.negative("--table-version", version);
    }
    return new ExportRequest(
        range.period(loaded.timezone()),
        filters.filters(),
        ExportFormat.parse(format),
        out,
        overwrite,
        version == null ? OptionalLong.empty() : OptionalLong.of(version),
        commandLine());
  }

  /** The command line for the manifest, with the values of secret-looking -D keys masked. */
  private List<String> commandLine() {
    List<String> line = new ArrayList<>();
    line.add("optout");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      line.add(
          SECRET_SETTING.matcher(arg).matches()
              ? arg.substring(0, arg.indexOf('=') + 1) + "***"
              : arg);
    }
    return line;
  }

  private static final Pattern SECRET_SETTING =
      Pattern.compile(
          "(?i)(-D)?[\\w.-]*(secret|password|token|credential|access\\.key)[\\w.-]*=.*");
}
