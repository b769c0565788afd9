package io.optout.bench.cli;

import io.optout.bench.Bench;
import io.optout.bench.BenchSize;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code optout bench}: the performance benchmark (docs/performance.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates (or reuses) a lake of a named size and measures, each as a whole process with its"
          + " peak RSS:",
      "the bare scan of the inputs a 30-day run reads, the 30-day ad-hoc run, the nightly run, and"
          + " the nightly",
      "run on a 360-day history. Prints the ratios, writes results-SIZE.json and .md into --dir,"
          + " and checks",
      "that the optimised run writes the same rows as the reference plan. Exit 1 when they differ."
    })
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--size",
      paramLabel = "S|MID|M",
      description =
          "S: the demo's 20,000 users; MID: 100,000 users; M: 200,000 users, 30 M app events"
              + " (default: ${DEFAULT-VALUE}).")
  BenchSize size = BenchSize.S;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where lakes, warehouses, logs and results go (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("bench");

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Rounds of the measured steps; medians are reported (default: ${DEFAULT-VALUE}).")
  int repeat = 3;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description = "-Xmx of every measured process (default: ${DEFAULT-VALUE}).")
  String heap = "1500m";

  @Option(
      names = "--no-check",
      negatable = true,
      description = "Skip the equality check against the reference plan.")
  boolean check = true;

  @Option(
      names = "--no-long-history",
      negatable = true,
      description = "Skip the 360-day-history lake and its nightly run.")
  boolean longHistory = true;

  @Override
  public Integer call() {
    if (repeat < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--repeat must be at least 1, got " + repeat);
    }
    boolean same =
        new Bench(
                new Bench.Settings(size, dir, repeat, heap, check, longHistory),
                spec.commandLine().getOut())
            .run();
    return same ? 0 : 1;
  }
}
