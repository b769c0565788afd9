package io.optout.cli;

import io.optout.config.ConfigKeys;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.OptoutConfig;
import io.optout.demo.DemoReport;
import io.optout.export.ExportFilters;
import io.optout.export.ExportJob;
import io.optout.export.ExportPeriod;
import io.optout.export.ExportRequest;
import io.optout.export.ExportResult;
import io.optout.generate.GeneratorSettings;
import io.optout.generate.SampleLakeGenerator;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.report.Measure;
import io.optout.report.ReportJob;
import io.optout.report.ReportRequest;
import io.optout.report.ReportResult;
import io.optout.spark.SparkSessions;
import io.optout.warehouse.DeltaWarehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The one-command demo: generates a sample lake under --data (unless the same one is there), runs
 * the pipeline over all of it and prints what a person wants to see.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a sample lake under ./data (about 20,000 users, 90 days), run the pipeline over all"
          + " of it,",
      "and print the tables' sizes, the opt-out trend and a view of every analysis."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final String MARKER = "_optout_sample.txt";

  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--data",
      defaultValue = "data",
      description = "Folder for the lake and warehouse (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--users",
      defaultValue = "20000",
      description = "Sample users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--days",
      defaultValue = "90",
      description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    OptoutConfig config = config(System.getenv());
    SparkSession spark = SparkSessions.getOrCreate(config);

    GeneratorSettings settings =
        new GeneratorSettings(
            users,
            days,
            GeneratorSettings.defaultStart(LocalDate.now(ZoneOffset.UTC), days),
            GeneratorSettings.DEFAULT_APPS,
            seed);
    ensureSampleLake(spark, settings, config.lakes(), data.resolve("lake"), out);

    LocalDate asOf = settings.lastDay();
    out.printf("Running the pipeline over opt-out dates %s..%s ...%n", settings.start(), asOf);
    RunRecord record =
        new PipelineJob(spark, config, Clock.systemUTC())
            .run(RunWindow.range(settings.start(), asOf, asOf, config.timezone()));
    RunCommand.print(record, out);

    new DemoReport(
            new DeltaWarehouse(spark, config.warehouse()),
            out,
            config.pushWindowDays(),
            config.lookbackDays())
        .print(asOf);

    out.println();
    out.println("Last-month export of the opted-out users (as of " + asOf + "):");
    ExportResult export =
        new ExportJob(spark, config)
            .run(
                ExportRequest.csv(
                        ExportPeriod.preset(ExportPeriod.Preset.LAST_MONTH, asOf),
                        data.resolve("exports").resolve("last-month").toString(),
                        List.of("optout", "demo"))
                    .overwriting());
    out.print(export.report());
    ReportResult report =
        new ReportJob(spark.sparkContext().hadoopConfiguration(), config, Clock.systemUTC())
            .run(
                new ReportRequest(
                    ExportPeriod.preset(ExportPeriod.Preset.LAST_MONTH, asOf),
                    ExportFilters.NONE,
                    ReportJob.defaultLookback(config),
                    Measure.TOTAL,
                    false,
                    data.resolve("report-last-month.html").toString()));
    out.println();
    out.print(report.summary());
    out.printf(
        "%nDemo finished in %.0f s. Query the tables with: bin/optout query \"SELECT * FROM"
            + " optout_daily LIMIT 10\"%n",
        (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }

  /**
   * The demo's lakes and warehouse under --data, as defaults: the --config file, the environment
   * (OPTOUT_WAREHOUSE, OPTOUT_LAKE_*) and -D still override them.
   */
  OptoutConfig config(Map<String, String> environment) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put(ConfigKeys.WAREHOUSE.name(), data.resolve("warehouse").toString());
    for (Lake l : Lake.values()) {
      defaults.put(
          ConfigKeys.LAKE_PATH.get(l).name(), data.resolve("lake").resolve(l.key()).toString());
    }
    return configOptions.load(defaults, environment);
  }

  /**
   * Generates the lakes unless the same settings produced the ones already there (the generator is
   * deterministic); the marker under --data records settings and lake paths.
   */
  private static void ensureSampleLake(
      SparkSession spark,
      GeneratorSettings settings,
      Map<Lake, LakeConfig> lakes,
      Path markerFolder,
      PrintWriter out)
      throws Exception {
    Path marker = markerFolder.resolve(MARKER);
    List<String> paths =
        java.util.Arrays.stream(Lake.values()).map(l -> lakes.get(l).path()).toList();
    String fingerprint = settings + " " + paths;
    if (Files.isRegularFile(marker) && Files.readString(marker).equals(fingerprint)) {
      out.println("Reusing the sample lake (" + fingerprint + ")");
      return;
    }
    out.printf(
        "Generating a sample lake: %,d users, %d days from %s, into %s ...%n",
        settings.users(), settings.days(), settings.start(), paths);
    long t0 = System.nanoTime();
    SampleLakeGenerator.LakeCounts counts = SampleLakeGenerator.generate(spark, settings, lakes);
    out.printf(
        "  consent %,d rows, push %,d, campaign %,d, event %,d (%.0f s)%n",
        counts.consent(),
        counts.push(),
        counts.campaign(),
        counts.event(),
        (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(markerFolder);
    Files.writeString(marker, fingerprint);
  }
}
