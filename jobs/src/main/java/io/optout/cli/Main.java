package io.optout.cli;

import io.optout.OptoutException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/optout} and of {@code spark-submit --class io.optout.cli.Main}. */
@Command(
    name = "optout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Opt-out analytics pipeline: reads the consent, push, campaign and event lakes and writes Delta tables.",
    subcommands = {
      // one line per command; keep alphabetical to ease merges
      DemoCommand.class,
      ExportCommand.class,
      GenerateCommand.class,
      InputsCommand.class,
      MaintainCommand.class,
      QueryCommand.class,
      RegisterCommand.class,
      RunCommand.class,
      RunsCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    int code = execute(args);
    // stop Spark before the JVM ends (no shutdown noise); exit explicitly only on failure, so a
    // successful job returns normally where a platform (Databricks) owns the JVM
    SparkSession.getDefaultSession().foreach(spark -> {
      spark.stop();
      return null;
    });
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handleFailure);
    cli.setParameterExceptionHandler(Main::handleUsageError);
    return cli;
  }

  private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr().println("error: " + e.getMessage());
    cli.usage(cli.getErr());
    return OptoutException.USAGE;
  }

  /** One clear line, no stack trace; OPTOUT_DEBUG=1 shows the trace for bug reports. */
  private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    Throwable known = e;
    while (known != null && !(known instanceof OptoutException)) {
      known = known.getCause();
    }
    if (known instanceof OptoutException failure) {
      cli.getErr().println("error: " + failure.getMessage());
      if (failure.exitCode() == OptoutException.USAGE && failure instanceof io.optout.config.ConfigException == false) {
        cli.getErr().println("Run 'optout " + cli.getCommandName() + " --help' for usage.");
      }
      debugTrace(e, cli);
      return failure.exitCode();
    }
    cli.getErr().println("error: " + e.getClass().getSimpleName() + ": " + OptoutException.firstLine(e.getMessage())
        + " (set OPTOUT_DEBUG=1 for the stack trace)");
    debugTrace(e, cli);
    return OptoutException.FAILED;
  }

  private static void debugTrace(Exception e, CommandLine cli) {
    if ("1".equals(System.getenv("OPTOUT_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
  }
}
