package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.ops.Registration;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code optout register}: the output tables by name in the Spark catalog, Trino and Athena. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Registers the output Delta tables that exist under the warehouse in the Spark catalog",
      "(CREATE TABLE ... USING DELTA LOCATION) and prints the statements for Trino and Amazon"
          + " Athena."
    })
public final class RegisterCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--database",
      defaultValue = "optout",
      description = "Database (schema) name, default ${DEFAULT-VALUE}.")
  String database;

  @Option(
      names = "--trino-catalog",
      defaultValue = "delta",
      description =
          "Name of the Trino catalog using the Delta Lake connector, default ${DEFAULT-VALUE}.")
  String trinoCatalog;

  @Option(
      names = "--print-only",
      description =
          "Print the statements for every output table; start no Spark and change no catalog.")
  boolean printOnly;

  @Override
  public Integer call() {
    OptoutConfig cfg = config.load();
    Registration registration = new Registration(database, cfg.warehouse(), trinoCatalog);
    PrintWriter out = spec.commandLine().getOut();
    List<TableSpec> tables = Tables.all();
    if (!printOnly) {
      tables = registration.register(SparkSessions.getOrCreate(cfg), tables);
      out.println(
          "-- registered "
              + tables.size()
              + " of "
              + Tables.all().size()
              + " tables in the Spark catalog,"
              + " database "
              + registration.database()
              + " (tables not written yet are left out)");
    }
    section(
        out,
        "Spark SQL (" + (printOnly ? "not run: --print-only" : "run") + ")",
        registration.sparkStatements(tables));
    section(
        out,
        "Trino, Delta Lake connector (needs delta.register-table-procedure.enabled=true)",
        registration.trinoStatements(tables));
    section(
        out,
        "Amazon Athena (AWS Glue Data Catalog)"
            + (registration.onS3() ? "" : ": needs the warehouse on S3"),
        registration.athenaStatements(tables));
    out.flush();
    return 0;
  }

  private static void section(PrintWriter out, String title, List<String> statements) {
    out.println();
    out.println("-- " + title);
    statements.forEach(s -> out.println(s + ";"));
  }
}
