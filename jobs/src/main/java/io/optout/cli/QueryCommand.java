package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.export.CsvWriter;
import io.optout.spark.ShownRows;
import io.optout.spark.SparkSessions;
import io.optout.warehouse.WarehouseViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one Spark SQL statement over the warehouse tables, registered under their names. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run a read-only Spark SQL statement over the warehouse tables (optout_facts, optout_daily,"
          + " ...),",
      "SELECT, WITH, VALUES, DESCRIBE or SHOW TABLES; statements that write, drop or change"
          + " settings are refused (exit 2),",
      "e.g.: optout query \"SELECT day, sum(opt_outs) FROM optout_daily GROUP BY day ORDER BY day\""
    })
public final class QueryCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @Mixin ConfigOptions configOptions;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
  String sql;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    OptoutConfig config = configOptions.load();
    SparkSession spark = SparkSessions.getOrCreate(config);
    new WarehouseViews(spark, config.warehouse()).register();
    Dataset<Row> result = WarehouseViews.readOnlySql(spark, sql);
    print(result, format, limit, spec.commandLine().getOut());
    return 0;
  }

  static void print(Dataset<Row> result, Format format, int limit, PrintWriter out) {
    switch (format) {
      case table -> out.print(ShownRows.text(result, limit, 0));
      case json -> result.toJSON().limit(limit).collectAsList().forEach(out::println);
      case csv -> {
        out.println(String.join(",", result.columns()));
        List<Row> rows = result.limit(limit).collectAsList();
        for (Row row : rows) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
              line.append(',');
            }
            line.append(CsvWriter.field(CsvWriter.text(row.get(i))));
          }
          out.println(line);
        }
      }
    }
    out.flush();
  }
}
