package io.optout.cli;

import io.optout.OptoutException;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/optout} and of {@code spark-submit --class io.optout.cli.Main}. */
@Command(
    name = "optout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Opt-out analytics pipeline: reads the consent, push, campaign and event lakes and writes"
            + " Delta tables.",
    subcommands = {
      // one line per command; keep alphabetical to ease merges
      DemoCommand.class,
      ExportCommand.class,
      GenerateCommand.class,
      InputsCommand.class,
      MaintainCommand.class,
      QueryCommand.class,
      RegisterCommand.class,
      ReportCommand.class,
      RunCommand.class,
      RunsCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), UsageErrors.MISSING_COMMAND);
  }

  public static void main(String[] args) {
    exit(execute(args));
  }

  /**
   * Ends a command-line run with {@code code}. Public for the benchmark's own entry point (module
   * {@code benchmark}), which adds its commands to {@link #commandLine(Object...)}.
   */
  public static void exit(int code) {
    // stop Spark before the JVM ends (no shutdown noise); exit explicitly only on failure, so a
    // successful job returns normally where a platform (Databricks) owns the JVM
    SparkSession.getDefaultSession()
        .foreach(
            spark -> {
              spark.stop();
              return null;
            });
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /**
   * Runs {@code args} on {@code cli} (tests set its output streams); an unknown command is exit 2.
   */
  public static int execute(CommandLine cli, String... args) {
    if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
      // checked before parsing: picocli would answer `frobnicate --help` with the general help and
      // exit 0
      return handleUsageError(
          new CommandLine.ParameterException(
              cli, UsageErrors.unknownCommand(args[0], visibleCommands(cli))),
          args);
    }
    if (renamedTableVersion(args)) {
      // picocli would take --version as "print the version", ignore N and exit 0
      CommandLine export = cli.getSubcommands().get("export");
      return handleUsageError(
          new CommandLine.ParameterException(export, UsageErrors.RENAMED_TABLE_VERSION), args);
    }
    if (debug()) {
      showTaskFailureLogs();
    }
    return cli.execute(args);
  }

  /** Command names a user is shown: hidden commands are left out. */
  private static java.util.List<String> visibleCommands(CommandLine cli) {
    return cli.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** {@code export ... --version N}: the old spelling of {@code --table-version N}. */
  private static boolean renamedTableVersion(String[] args) {
    if (args.length == 0 || !"export".equals(args[0])) {
      return false;
    }
    for (int i = 1; i + 1 < args.length; i++) {
      if ("--version".equals(args[i]) && args[i + 1].matches("-?\\d+")) {
        return true;
      }
    }
    return false;
  }

  private static boolean debug() {
    return "1".equals(System.getenv("OPTOUT_DEBUG"));
  }

  /** log4j2.properties keeps the per-task copies of a failure's stack trace off the console. */
  private static void showTaskFailureLogs() {
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.spark.executor.Executor", org.apache.logging.log4j.Level.WARN);
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.spark.scheduler.TaskSetManager", org.apache.logging.log4j.Level.WARN);
  }

  /**
   * The product's command line, with its date format and its handlers of failures, plus {@code
   * moreCommands} (the benchmark's, module {@code benchmark}): added first, so the converter and
   * the handlers reach them too.
   */
  public static CommandLine commandLine(Object... moreCommands) {
    CommandLine cli = new CommandLine(new Main());
    for (Object command : moreCommands) {
      cli.addSubcommand(command);
    }
    cli.registerConverter(
        LocalDate.class, new IsoDateConverter()); // one date format and message everywhere
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
      if (failure.exitCode() == OptoutException.USAGE
          && failure instanceof io.optout.config.ConfigException == false) {
        cli.getErr().println("Run 'optout " + cli.getCommandName() + " --help' for usage.");
      }
      debugTrace(e, cli);
      return failure.exitCode();
    }
    cli.getErr()
        .println(
            "error: "
                + e.getClass().getSimpleName()
                + ": "
                + OptoutException.firstLine(e.getMessage())
                + " (set OPTOUT_DEBUG=1 for the stack trace)");
    debugTrace(e, cli);
    return OptoutException.FAILED;
  }

  private static void debugTrace(Exception e, CommandLine cli) {
    if (debug()) {
      e.printStackTrace(cli.getErr());
    }
  }
}
