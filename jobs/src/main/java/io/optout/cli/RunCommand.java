package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run --date D} (nightly) or {@code run --from A --to B [--as-of D]} (ad-hoc window). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the opt-out tables for a window of opt-out dates and replace exactly those"
          + " partitions.",
      "Nightly: --date D brings every table up to date with the lakes as they stand, as of D:"
          + " it recomputes the dates that input added, changed or removed since the last"
          + " nightly run can change, however old (docs/nightly.md).",
      "Ad-hoc: --from A --to B recomputes [A, B] with as-of --as-of (default: yesterday in the"
          + " reporting zone)."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(
        names = "--date",
        paramLabel = "YYYY-MM-DD",
        description = "Nightly run for as-of date D.")
    LocalDate date;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "YYYY-MM-DD",
        description = "First opt-out date to recompute.")
    LocalDate from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "YYYY-MM-DD",
        description = "Last opt-out date to recompute (inclusive).")
    LocalDate to;

    @Option(
        names = "--as-of",
        paramLabel = "YYYY-MM-DD",
        description = "Input complete through this local day (default: yesterday).")
    LocalDate asOf;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    OptoutConfig config = configOptions.load();
    Clock clock = Clock.systemUTC();
    PipelineJob job = new PipelineJob(SparkSessions.getOrCreate(config), config, clock);
    RunRecord record = mode.date != null ? job.nightly(mode.date) : job.run(window(config, clock));
    print(record, spec.commandLine().getOut());
    return 0;
  }

  /** The ad-hoc window ({@code --from --to}); picocli guarantees it is given without --date. */
  private RunWindow window(OptoutConfig config, Clock clock) {
    LocalDate asOf =
        mode.range.asOf != null ? mode.range.asOf : RunWindow.yesterday(clock, config.timezone());
    return RunWindow.range(mode.range.from, mode.range.to, asOf, config.timezone());
  }

  /** The run's summary as the run command prints it (the benchmark's reference run too). */
  public static void print(RunRecord record, PrintWriter out) {
    out.printf(
        "run %s %s: opt-out dates %s..%s, as of %s%n",
        record.runId(),
        record.status(),
        record.window().from(),
        record.window().to(),
        record.window().asOf());
    record
        .rowsRead()
        .forEach(
            (lake, read) ->
                out.printf(
                    "  %-9s read %,d = used %,d + rejected %,d + exact duplicates %,d%n",
                    lake,
                    read,
                    record.rowsUsed().get(lake),
                    record.rowsRejected().get(lake),
                    record.rowsDuplicate().get(lake)));
    if (!record.skippedFiles().isEmpty()) {
      out.printf(
          "  left out %d input file(s) or folder(s), listed in optout_runs.skipped_files%n",
          record.skippedFiles().size());
    }
    record
        .rowsWritten()
        .forEach((table, rows) -> out.printf("  wrote %-28s %,d rows%n", table, rows));
    record
        .phaseMillis()
        .forEach(
            (phase, millis) ->
                out.printf(
                    "  phase %-40s %,8d ms%s%n",
                    phase,
                    millis,
                    record.phaseShuffleBytes().containsKey(phase)
                        ? String.format(
                            "  shuffled %,d bytes", record.phaseShuffleBytes().get(phase))
                        : ""));
    out.printf(
        "  took %.1f s%n",
        (record.finishedAt().toEpochMilli() - record.startedAt().toEpochMilli()) / 1000.0);
    out.flush();
  }
}
