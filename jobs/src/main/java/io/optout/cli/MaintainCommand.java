package io.optout.cli;

import io.optout.config.OptoutConfig;
import io.optout.ops.Maintenance;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code optout maintain}: OPTIMIZE and VACUUM every output table under the warehouse. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compacts the output Delta tables (OPTIMIZE; Z-order by app_id on user-grain tables) and"
          + " removes",
      "files no longer referenced (VACUUM). Tables not written yet are skipped. Run weekly."
    })
public final class MaintainCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--vacuum-hours",
      paramLabel = "H",
      defaultValue = "" + Maintenance.MIN_RETENTION_HOURS,
      description =
          "VACUUM retention in hours (default ${DEFAULT-VALUE} = 7 days). Less is refused unless"
              + " --force: exports read earlier versions (export --table-version).")
  int vacuumHours;

  @Option(
      names = "--force",
      description = "Allow a retention below 7 days (breaks time travel to older versions).")
  boolean force;

  @Option(
      names = "--tables",
      split = ",",
      paramLabel = "NAME",
      description =
          "Only these tables (comma-separated), e.g. optout_facts,optout_daily. Default: all.")
  List<String> tables;

  @Override
  public Integer call() {
    Maintenance.checkRetention(vacuumHours, force); // before the slow Spark start
    List<TableSpec> selected = selected(tables);
    OptoutConfig cfg = config.load();
    Maintenance maintenance = new Maintenance(SparkSessions.getOrCreate(cfg));
    List<Maintenance.Result> results =
        maintenance.run(cfg.warehouse(), selected, vacuumHours, force);
    var out = spec.commandLine().getOut();
    results.forEach(out::println);
    out.println(
        "maintained "
            + results.size()
            + " of "
            + selected.size()
            + " tables under "
            + cfg.warehouse()
            + (results.size() < selected.size() ? " (the others are not written yet)" : "")
            + "; VACUUM retention "
            + vacuumHours
            + " h");
    out.flush();
    return 0;
  }

  /** The named tables, or all; an unknown name is a usage error that lists the known ones. */
  static List<TableSpec> selected(List<String> names) {
    if (names == null || names.isEmpty()) {
      return Tables.all();
    }
    List<TableSpec> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(
          Tables.byName(name.trim())
              .orElseThrow(
                  () ->
                      UsageErrors.unknownTable(
                          name, Tables.all().stream().map(TableSpec::name).toList())));
    }
    return selected;
  }
}
