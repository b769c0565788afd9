package io.optout.cli;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
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
import io.optout.report.Measure;
import io.optout.report.ReportJob;
import io.optout.report.ReportRequest;
import io.optout.report.ReportResult;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
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
 * The one-command demo: generates a sample lake under --data (unless the same one is there),
 * runs the pipeline over all of it and prints what a person wants to see.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a sample lake under ./data (about 20,000 users, 90 days), run the pipeline over all of it,",
      "and print the tables' sizes, the opt-out trend and a view of every analysis."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final String MARKER = "_optout_sample.txt";

  @Mixin ConfigOptions configOptions;

  @Option(names = "--data", defaultValue = "data", description = "Folder for the lake and warehouse (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--users", defaultValue = "20000", description = "Sample users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "90", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Path lake = data.resolve("lake");
    Path warehouse = data.resolve("warehouse");
    OptoutConfig config = demoConfig(lake, warehouse);
    SparkSession spark = SparkSessions.getOrCreate(config);

    GeneratorSettings settings =
        new GeneratorSettings(users, days, GeneratorSettings.defaultStart(LocalDate.now(ZoneOffset.UTC), days),
            GeneratorSettings.DEFAULT_APPS, seed);
    ensureSampleLake(spark, settings, lake, out);

    LocalDate asOf = settings.lastDay();
    out.printf("Running the pipeline over opt-out dates %s..%s ...%n", settings.start(), asOf);
    RunRecord record =
        new PipelineJob(spark, config, Clock.systemUTC())
            .run(RunWindow.range(settings.start(), asOf, asOf, config.timezone()));
    RunCommand.print(record, out);

    new DemoReport(new DeltaWarehouse(spark, config.warehouse()), out).print(asOf, 7);

    out.println();
    out.println("Last-month export of the opted-out users (as of " + asOf + "):");
    ExportResult export =
        new ExportJob(spark, config)
            .run(ExportRequest.csv(ExportPeriod.preset(ExportPeriod.Preset.LAST_MONTH, asOf),
                    data.resolve("exports").resolve("last-month").toString(), List.of("optout", "demo"))
                .overwriting());
    out.print(export.report());
    ReportResult report = new ReportJob(spark, config, Clock.systemUTC()).run(new ReportRequest(
        ExportPeriod.preset(ExportPeriod.Preset.LAST_MONTH, asOf), ExportFilters.NONE, ReportJob.defaultLookback(config),
        Measure.TOTAL, false, data.resolve("report-last-month.html").toString()));
    out.println();
    out.print(report.summary());
    out.printf("%nDemo finished in %.0f s. Query the tables with: bin/optout query \"SELECT * FROM optout_daily LIMIT 10\"%n",
        (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }

  /** The demo's lakes and warehouse under --data; -D and --config still apply on top. */
  private OptoutConfig demoConfig(Path lake, Path warehouse) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("optout.warehouse", warehouse.toString());
    for (Lake l : Lake.values()) {
      overrides.put("optout.lakes." + l.key() + ".path", lake.resolve(l.key()).toString());
      overrides.put("optout.lakes." + l.key() + ".format", "parquet");
    }
    overrides.putAll(configOptions.overrides);
    return ConfigLoader.load(java.util.Optional.ofNullable(configOptions.configFile), overrides, System.getenv());
  }

  /** Generates the lake unless the same settings produced the one already there (the generator is deterministic). */
  private static void ensureSampleLake(SparkSession spark, GeneratorSettings settings, Path lake, PrintWriter out) throws Exception {
    Path marker = lake.resolve(MARKER);
    String fingerprint = settings.toString();
    if (Files.isRegularFile(marker) && Files.readString(marker).equals(fingerprint)) {
      out.println("Reusing the sample lake in " + lake + " (" + fingerprint + ")");
      return;
    }
    out.printf("Generating a sample lake in %s: %,d users, %d days from %s ...%n", lake, settings.users(), settings.days(), settings.start());
    long t0 = System.nanoTime();
    SampleLakeGenerator.LakeCounts counts = SampleLakeGenerator.generate(spark, settings, lake.toString());
    out.printf("  consent %,d rows, push %,d, campaign %,d, event %,d (%.0f s)%n",
        counts.consent(), counts.push(), counts.campaign(), counts.event(), (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(lake);
    Files.writeString(marker, fingerprint);
  }
}
