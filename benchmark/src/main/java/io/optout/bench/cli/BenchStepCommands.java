package io.optout.bench.cli;

import io.optout.bench.BenchSteps;
import io.optout.bench.ReferencePlan;
import io.optout.cli.ConfigOptions;
import io.optout.cli.RunCommand;
import io.optout.config.OptoutConfig;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The steps the benchmark runs in processes of their own; hidden from the command list. */
final class BenchStepCommands {
  private BenchStepCommands() {}

  /**
   * {@code bench-reference-run}: the run over the window with the reference plan, the oracle the
   * benchmark compares the product's run with.
   */
  @Command(
      name = "bench-reference-run",
      hidden = true,
      mixinStandardHelpOptions = true,
      description = "Recomputes the window as run does, with the plain reference plan.")
  static final class ReferenceRun implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate to;

    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate asOf;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      OptoutConfig config = configOptions.load();
      RunWindow window = RunWindow.range(from, to, asOf, config.timezone());
      RunRecord record =
          new PipelineJob(
                  SparkSessions.getOrCreate(config), config, Clock.systemUTC(), new ReferencePlan())
              .run(window);
      RunCommand.print(record, spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code bench-scan}: the bare scan floor of a run window (same options as run). */
  @Command(
      name = "bench-scan",
      hidden = true,
      mixinStandardHelpOptions = true,
      description =
          "Reads the partitions and contract columns a run over the window reads and forces them.")
  static final class Scan implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate to;

    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD")
    java.time.LocalDate asOf;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      OptoutConfig config = configOptions.load();
      spec.commandLine()
          .getOut()
          .println(BenchSteps.scan(SparkSessions.getOrCreate(config), config, from, to, asOf));
      return 0;
    }
  }

  /** {@code bench-extend SOURCE TARGET COPIES DAYS}: the long-history lake. */
  @Command(
      name = "bench-extend",
      hidden = true,
      mixinStandardHelpOptions = true,
      description =
          "Links a lake's partitions into TARGET and adds COPIES earlier copies, each DAYS further"
              + " back.")
  static final class Extend implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Parameters(index = "0")
    Path source;

    @Parameters(index = "1")
    Path target;

    @Parameters(index = "2")
    int copies;

    @Parameters(index = "3")
    int days;

    @Override
    public Integer call() {
      BenchSteps.extend(
          SparkSessions.getOrCreate(configOptions.load()), source, target, copies, days);
      return 0;
    }
  }

  /** {@code bench-late-events LAKE DAY SHARE OUT}: the late-data night's input file. */
  @Command(
      name = "bench-late-events",
      hidden = true,
      mixinStandardHelpOptions = true,
      description = "Writes SHARE of DAY's app events of LAKE, as new events, into the folder OUT.")
  static final class LateEventsFile implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Parameters(index = "0")
    Path lake;

    @Parameters(index = "1")
    java.time.LocalDate day;

    @Parameters(index = "2")
    double share;

    @Parameters(index = "3")
    Path out;

    @Override
    public Integer call() {
      BenchSteps.lateEvents(SparkSessions.getOrCreate(configOptions.load()), lake, day, share, out);
      return 0;
    }
  }

  /** {@code bench-compare LEFT RIGHT}: exit 1 unless every table holds the same rows. */
  @Command(
      name = "bench-compare",
      hidden = true,
      mixinStandardHelpOptions = true,
      description = "Compares the tables of two warehouses row for row.")
  static final class Compare implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Parameters(index = "0")
    String left;

    @Parameters(index = "1")
    String right;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return BenchSteps.compare(
              SparkSessions.getOrCreate(configOptions.load()),
              left,
              right,
              spec.commandLine().getOut())
          ? 0
          : 1;
    }
  }
}
