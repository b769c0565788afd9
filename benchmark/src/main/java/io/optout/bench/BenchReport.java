package io.optout.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.optout.OptoutException;
import io.optout.bench.ChildJvm.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's results: every measurement, the median per step, the ratios the performance goals
 * are stated in, the phases of the 30-day run, the equality check and the machine.
 */
record BenchReport(
    String size,
    Map<String, String> machine,
    Map<String, String> lake,
    Map<String, List<Measurement>> steps,
    Map<String, Long> phaseMillis,
    List<String> equality,
    boolean equal,
    Map<String, Map<String, Long>> rowsRead) {

  static final String SCAN = "bare scan";
  static final String RUN_30 = "30-day run";
  static final String NIGHTLY = "nightly after one new day";
  static final String NIGHTLY_LATE = "nightly, 1% of a day's events 10 days late";
  static final String NIGHTLY_LONG = "nightly after one new day, 360-day history";

  /** The median of the runs' wall seconds. */
  static double median(List<Measurement> runs) {
    return medianSeconds(runs.stream().map(Measurement::wallMillis).toList());
  }

  /** The median of the runs' CPU seconds (user plus system). */
  static double medianCpu(List<Measurement> runs) {
    return medianSeconds(runs.stream().map(Measurement::cpuMillis).toList());
  }

  private static double medianSeconds(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1
        ? sorted.get(n / 2) / 1000.0
        : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2000.0;
  }

  static long peakRssMb(List<Measurement> runs) {
    return runs.stream().mapToLong(Measurement::peakRssKb).max().orElse(0) / 1024;
  }

  /**
   * CPU over wall time of the median runs: how many of the machine's cores the step kept busy. A
   * step near the core count gains nothing from more parallelism, only from less work.
   */
  static double coresBusy(List<Measurement> runs) {
    double wall = median(runs);
    return wall == 0 ? 0 : medianCpu(runs) / wall;
  }

  /** The goal ratios (issue 8), each present only when both of its steps ran. */
  Map<String, Double> ratios() {
    Map<String, Double> out = new LinkedHashMap<>();
    ratio(out, "30-day run / bare scan (goal <= 3)", RUN_30, SCAN);
    ratio(out, "nightly after one new day / 30-day run (goal <= 0.4)", NIGHTLY, RUN_30);
    ratio(out, "nightly with late events / 30-day run", NIGHTLY_LATE, RUN_30);
    ratio(out, "nightly 360-day history / nightly 90-day (goal <= 1.2)", NIGHTLY_LONG, NIGHTLY);
    return out;
  }

  private void ratio(Map<String, Double> out, String name, String step, String base) {
    if (steps.containsKey(step) && steps.containsKey(base)) {
      out.put(name, median(steps.get(step)) / median(steps.get(base)));
    }
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("### Benchmark, size ").append(size).append("\n\n");
    md.append("Machine: ")
        .append(
            String.join(
                ", ",
                machine.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
        .append("  \nLake: ")
        .append(
            String.join(
                ", ", lake.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
        .append(
            "\n\n"
                + "| step | runs | median s | min s | max s | median CPU s | cores busy |"
                + " peak RSS MiB |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    steps.forEach(
        (step, runs) ->
            md.append(
                String.format(
                    "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %d |%n",
                    step,
                    runs.size(),
                    median(runs),
                    runs.stream().mapToDouble(Measurement::seconds).min().orElse(0),
                    runs.stream().mapToDouble(Measurement::seconds).max().orElse(0),
                    medianCpu(runs),
                    coresBusy(runs),
                    peakRssMb(runs))));
    md.append("\n| ratio | value |\n|---|---:|\n");
    ratios().forEach((name, value) -> md.append(String.format("| %s | %.2f |%n", name, value)));
    if (!rowsRead.isEmpty()) {
      md.append(
          "\n"
              + "Rows read per lake (optout_runs, the step's last run):\n\n"
              + "| step | rows read |\n"
              + "|---|---|\n");
      rowsRead.forEach(
          (step, read) ->
              md.append("| ")
                  .append(step)
                  .append(" | ")
                  .append(
                      String.join(
                          ", ",
                          read.entrySet().stream()
                              .map(
                                  e ->
                                      String.format(
                                          java.util.Locale.ROOT,
                                          "%s %,d",
                                          e.getKey(),
                                          e.getValue()))
                              .toList()))
                  .append(" |\n"));
    }
    if (!phaseMillis.isEmpty()) {
      md.append(
          "\n"
              + "Phases of the last 30-day run (ms; table writes overlap, three at a time):\n\n"
              + "| phase | ms |\n"
              + "|---|---:|\n");
      phaseMillis.forEach(
          (phase, ms) -> md.append("| ").append(phase).append(" | ").append(ms).append(" |\n"));
    }
    if (!equality.isEmpty()) {
      md.append("\nOptimised vs reference plan, same lake and window: ")
          .append(equal ? "**same rows**" : "**DIFFERENT**")
          .append("\n\n");
      equality.forEach(line -> md.append("- ").append(line).append('\n'));
    }
    return md.toString();
  }

  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size", size);
    out.put("machine", machine);
    out.put("lake", lake);
    Map<String, Object> perStep = new LinkedHashMap<>();
    steps.forEach(
        (step, runs) -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("median_seconds", median(runs));
          s.put("median_cpu_seconds", medianCpu(runs));
          s.put("peak_rss_mb", peakRssMb(runs));
          List<Map<String, Object>> each = new ArrayList<>();
          runs.forEach(
              m ->
                  each.add(
                      Map.of(
                          "seconds",
                          m.seconds(),
                          "cpu_seconds",
                          m.cpuSeconds(),
                          "peak_rss_kb",
                          m.peakRssKb(),
                          "exit",
                          m.exitCode())));
          s.put("runs", each);
          perStep.put(step, s);
        });
    out.put("steps", perStep);
    out.put("ratios", ratios());
    out.put("phases_ms_30_day_run", phaseMillis);
    out.put("rows_read", rowsRead);
    out.put("equal_to_reference", equal);
    out.put("equality", equality);
    return out;
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("results-" + size + ".md"), markdown());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("results-" + size + ".json").toFile(), json());
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot write results to " + dir + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }
}
