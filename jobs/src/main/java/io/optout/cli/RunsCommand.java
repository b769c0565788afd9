package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.pipeline.RunHistory;
import io.optout.schema.tables.RunsTable;
import io.optout.spark.SparkSessions;
import io.optout.warehouse.DeltaWarehouse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runs}: the latest pipeline runs from optout_runs, killed ones included. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "List the latest pipeline runs from optout_runs, latest first: id, job, window, status",
      "('" + RunHistory.NEVER_FINISHED + "' for a run that was killed or is still running),",
      "duration, rows read/rejected per lake, rows written, error."
    })
public final class RunsCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "Runs listed at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  QueryCommand.Format format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    OptoutConfig config = configOptions.load();
    DeltaWarehouse warehouse =
        new DeltaWarehouse(SparkSessions.getOrCreate(config), config.warehouse());
    // read() names the warehouse in one line when there is no optout_runs yet
    QueryCommand.print(
        RunHistory.latest(warehouse.read(RunsTable.SPEC), limit),
        format,
        limit,
        spec.commandLine().getOut());
    return 0;
  }
}
