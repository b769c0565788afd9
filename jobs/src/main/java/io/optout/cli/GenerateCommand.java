package io.optout.cli;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.OptoutConfig;
import io.optout.generate.GeneratorSettings;
import io.optout.generate.SampleLakeGenerator;
import io.optout.generate.SampleLakeGenerator.LakeCounts;
import io.optout.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code optout generate}: writes a deterministic sample of the four input lakes. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a sample of the consent, push, campaign and event lakes as Parquet,",
      "event lakes partitioned by dt. The same options always give the same rows."
    })
public final class GenerateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Number of users (default: ${DEFAULT-VALUE}).")
  int users = GeneratorSettings.DEFAULT_USERS;

  @Option(
      names = "--days",
      paramLabel = "D",
      description = "Days of push and app activity (default: ${DEFAULT-VALUE}).")
  int days = GeneratorSettings.DEFAULT_DAYS;

  @Option(
      names = "--start",
      paramLabel = "DATE",
      converter = IsoDateConverter.class,
      description =
          "First day, YYYY-MM-DD (default: today minus D days, UTC, so the lake ends yesterday).")
  LocalDate start;

  @Option(
      names = "--apps",
      paramLabel = "K",
      description = "Number of apps (default: ${DEFAULT-VALUE}).")
  int apps = GeneratorSettings.DEFAULT_APPS;

  @Option(
      names = "--activity",
      paramLabel = "F",
      description =
          "Multiplier of each user's app sessions per day (default: ${DEFAULT-VALUE}); 3.4 with"
              + " 200000 users gives the benchmark's M lake of about 30 M app events.")
  double activity = GeneratorSettings.DEFAULT_ACTIVITY;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = GeneratorSettings.DEFAULT_SEED;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Folder or s3a:// URI; lakes go to DIR/consent, DIR/push, DIR/campaign, DIR/event"
              + " (default: the lake paths of the configuration, data/lake/...).")
  String out;

  @Override
  public Integer call() {
    GeneratorSettings settings = settings();
    OptoutConfig cfg = config.load();
    Map<Lake, LakeConfig> targets = out == null ? cfg.lakes() : SampleLakeGenerator.underRoot(out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "Generating %,d users, %d apps, %s to %s, seed %d%n",
        settings.users(), settings.apps(), settings.start(), settings.lastDay(), settings.seed());
    stdout.flush();
    long began = System.nanoTime();
    SparkSession spark = SparkSessions.getOrCreate(cfg);
    LakeCounts counts = SampleLakeGenerator.generate(spark, settings, targets);
    for (Lake lake : Lake.values()) {
      stdout.printf(
          "  %-9s %,12d rows  %s%n", lake.key(), counts.of(lake), targets.get(lake).path());
    }
    stdout.printf("Done in %.1f s%n", (System.nanoTime() - began) / 1e9);
    stdout.flush();
    return 0;
  }

  /** Bad values are usage errors (exit 2) reported before Spark starts. */
  private GeneratorSettings settings() {
    LocalDate first =
        start != null
            ? start
            : GeneratorSettings.defaultStart(LocalDate.now(ZoneOffset.UTC), Math.max(days, 0));
    try {
      return new GeneratorSettings(users, days, first, apps, seed, activity);
    } catch (OptoutException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
