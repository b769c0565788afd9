package io.optout.cli;

import io.optout.config.HadoopSettings;
import io.optout.config.OptoutConfig;
import io.optout.report.Measure;
import io.optout.report.ReportJob;
import io.optout.report.ReportRequest;
import io.optout.report.ReportResult;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code optout report}: one self-contained HTML file with every view of a date range, read from
 * the Delta tables.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one self-contained HTML file (inline SVG and CSS, no script, nothing fetched) with"
          + " the views of a date range:",
      "headline numbers against the previous period, the daily trend with spike days, push pressure"
          + " and the fatigue curve,",
      "last campaigns, last events (retain vs churn), source and platform, and the export command"
          + " for the range.",
      "Periods as for export: last-week = [D-6, D], last-month = [D-29, D], last-year = [D-364, D];"
          + " --from A --to B is inclusive."
    })
public final class ReportCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin PeriodOptions range;

  @Mixin FilterOptions filters;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--lookback",
      paramLabel = "DAYS",
      description =
          "Lookback of the last-events view, one of optout.cohort.lookback-days (default 7 when"
              + " configured).")
  Integer lookback;

  @Option(
      names = "--measure",
      paramLabel = "MEASURE",
      defaultValue = "total",
      description = "Last events: total (events, default) or unique (users).")
  String measure;

  @Option(
      names = "--include-non-final",
      description =
          "Last events: also count cohort rows that are not final yet (default: final rows only).")
  boolean includeNonFinal;

  @Option(
      names = "--out",
      paramLabel = "FILE.html",
      defaultValue = "optout-report.html",
      description =
          "HTML file to write (default: ${DEFAULT-VALUE}); an older report there is replaced.")
  String out;

  @Override
  public Integer call() {
    OptoutConfig loaded = config.load();
    ReportRequest request =
        new ReportRequest(
            range.period(loaded.timezone()),
            filters.filters(),
            lookback == null ? ReportJob.defaultLookback(loaded) : lookback,
            Measure.parse(measure),
            includeNonFinal,
            out);
    ReportResult result = new ReportJob(hadoop(loaded), loaded, range.clock).run(request);
    spec.commandLine().getOut().print(result.summary());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The running session's Hadoop configuration where a platform made one (Databricks, a notebook,
   * the tests); otherwise one built from the settings: the report starts no Spark (docs/report.md).
   */
  private static Configuration hadoop(OptoutConfig config) {
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    return running.isDefined()
        ? running.get().sparkContext().hadoopConfiguration()
        : HadoopSettings.withoutSpark(config, System.getProperties());
  }
}
