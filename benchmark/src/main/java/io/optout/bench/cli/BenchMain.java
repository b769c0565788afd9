package io.optout.bench.cli;

import io.optout.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/optout bench} and of the benchmark's child processes: the product's
 * commands ({@link Main}) plus the benchmark and its hidden steps, which the product jar leaves
 * out.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    Main.exit(Main.execute(commandLine(), args));
  }

  static CommandLine commandLine() {
    return Main.commandLine(
        new BenchCommand(),
        new BenchStepCommands.Compare(),
        new BenchStepCommands.Extend(),
        new BenchStepCommands.LateEventsFile(),
        new BenchStepCommands.ReferenceRun(),
        new BenchStepCommands.Scan());
  }
}
