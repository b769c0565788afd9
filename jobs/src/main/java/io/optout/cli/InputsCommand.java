package io.optout.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.optout.OptionErrors;
import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.ops.InputReadiness;
import io.optout.ops.LakeInput;
import io.optout.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code optout inputs --date D}: is the input for D there? Exit code 3 when a required lake's
 * partition is missing, so a scheduler (the Airflow sensor) can wait and poke again.
 */
@Command(
    name = "inputs",
    mixinStandardHelpOptions = true,
    description = {
      "Reports, per input lake, whether the partition dt=DATE is there and how many files and rows"
          + " it holds.",
      "Exit code 3 when a required lake's partition is missing (a scheduler may wait and retry), 0"
          + " otherwise."
    })
public final class InputsCommand implements Callable<Integer> {
  static final List<String> DEFAULT_REQUIRED = List.of("consent", "push", "event");

  @Mixin ConfigOptions config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "The partition dt to look for.")
  LocalDate date;

  @Option(
      names = "--lakes",
      split = ",",
      paramLabel = "LAKE",
      description =
          "Lakes that must be there (default: consent,push,event). campaign is unpartitioned:"
              + " required means present.")
  List<String> lakes = DEFAULT_REQUIRED;

  @Option(
      names = "--format",
      paramLabel = "table|json",
      description = "Output format (default: table).")
  String format = "table";

  @Override
  public Integer call() {
    if (!List.of("table", "json").contains(format)) {
      throw OptionErrors.unknownValue("--format", "format", format, List.of("table", "json"));
    }
    Set<Lake> required = InputReadiness.parseLakes(lakes);
    OptoutConfig loaded = config.load();
    List<LakeInput> inputs =
        new InputReadiness(SparkSessions.getOrCreate(loaded), loaded).check(date, required);
    PrintWriter out = spec.commandLine().getOut();
    out.println("json".equals(format) ? json(date, inputs) : table(date, inputs));
    out.flush();
    List<LakeInput> missing = inputs.stream().filter(LakeInput::blocking).toList();
    if (!missing.isEmpty()) {
      throw new OptoutException(
          "input missing for dt="
              + date
              + ": "
              + missing.stream()
                  .map(i -> i.lake().key() + " (" + i.location() + ")")
                  .collect(Collectors.joining(", ")),
          OptoutException.INPUT_MISSING);
    }
    return 0;
  }

  static String table(LocalDate date, List<LakeInput> inputs) {
    StringBuilder text = new StringBuilder("inputs for dt=" + date + "\n");
    String row = "%-9s %-8s %-8s %-8s %7s %12s  %s%n";
    text.append(
        String.format(
            Locale.ROOT, row, "lake", "format", "required", "status", "files", "rows", "location"));
    for (LakeInput i : inputs) {
      text.append(
          String.format(
              Locale.ROOT,
              row,
              i.lake().key(),
              i.format().sparkName(),
              i.required() ? "yes" : "no",
              i.present() ? "present" : "MISSING",
              i.files(),
              i.rows(),
              i.location()));
    }
    return text.toString().stripTrailing();
  }

  static String json(LocalDate date, List<LakeInput> inputs) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("date", date.toString());
    root.put("ready", inputs.stream().noneMatch(LakeInput::blocking));
    ArrayNode lakes = root.putArray("lakes");
    for (LakeInput i : inputs) {
      lakes
          .addObject()
          .put("lake", i.lake().key())
          .put("format", i.format().sparkName())
          .put("location", i.location())
          .put("partitioned", i.lake().partitionedByDt())
          .put("required", i.required())
          .put("present", i.present())
          .put("files", i.files())
          .put("rows", i.rows());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
