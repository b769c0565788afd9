package io.optout.bench;

import io.optout.OptoutException;
import io.optout.bench.ChildJvm.Measurement;
import io.optout.config.ConfigKeys;
import io.optout.config.Lake;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance benchmark of issue 8. Every measured step is a whole optout process (JVM start to
 * exit) with the same heap; steps are interleaved (scan, 30-day run, nightly, long nightly, then
 * again) so that a noisy neighbour slows all of them alike, and medians are reported.
 */
public final class Bench {
  /** Lakes end on this day whatever the day of the benchmark, so results compare across days. */
  static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 29);

  private static final String GENERATION_HEAP = "8g";
  private static final String DONE_MARKER = "_bench_lake_done";
  private static final Pattern PHASE_LINE = Pattern.compile("^\\s*phase (.+?)\\s+([0-9,]+) ms.*$");

  /** What to measure. */
  public record Settings(
      BenchSize size, Path dir, int repeat, String heap, boolean check, boolean longHistory) {}

  private final Settings settings;
  private final PrintWriter out;
  private final ChildJvm jvm;

  public Bench(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
    this.jvm = new ChildJvm(settings.heap(), settings.dir().resolve("logs"));
  }

  public boolean run() {
    Path lake = settings.dir().resolve("lake-" + settings.size().key());
    Path longLake =
        settings.dir().resolve("lake-" + settings.size().key() + "-" + BenchSize.LONG_HISTORY_DAYS);
    ensureLake(lake);
    if (settings.longHistory()) {
      ensureLongLake(lake, longLake);
    }
    LocalDate from = LAST_DAY.minusDays(29);
    List<String> window =
        List.of(
            "--from", from.toString(), "--to", LAST_DAY.toString(), "--as-of", LAST_DAY.toString());
    List<String> nightly = List.of("--date", LAST_DAY.toString());
    Path nightlyWarehouse = fresh("warehouse-nightly");
    Path longWarehouse = fresh("warehouse-nightly-long");
    // a nightly run follows last night's: prime each warehouse with its checkpoint first
    step(
        "prime nightly",
        run(lake, nightlyWarehouse, List.of("--date", LAST_DAY.minusDays(1).toString())));
    if (settings.longHistory()) {
      step(
          "prime long nightly",
          run(longLake, longWarehouse, List.of("--date", LAST_DAY.minusDays(1).toString())));
    }
    Map<String, List<Measurement>> steps = new LinkedHashMap<>();
    Path lastRun = null;
    for (int i = 1; i <= settings.repeat(); i++) {
      record(
          steps,
          BenchReport.SCAN,
          step(
              BenchReport.SCAN + " #" + i,
              withLake(lake, fresh("warehouse-scan"), "bench-scan", window)));
      lastRun = fresh("warehouse-run30-" + i);
      record(
          steps,
          BenchReport.RUN_30,
          step(BenchReport.RUN_30 + " #" + i, run(lake, lastRun, window)));
      record(
          steps,
          BenchReport.NIGHTLY,
          step(BenchReport.NIGHTLY + " #" + i, run(lake, nightlyWarehouse, nightly)));
      // the fatigue curve touches every opted-in key every day: its cost is the difference
      List<String> withoutFatigue = new ArrayList<>(nightly);
      withoutFatigue.add("-D" + ConfigKeys.PUSH_FATIGUE_ENABLED.name() + "=false");
      record(
          steps,
          BenchReport.NIGHTLY_NO_FATIGUE,
          step(
              BenchReport.NIGHTLY_NO_FATIGUE + " #" + i,
              run(lake, nightlyWarehouse, withoutFatigue)));
      if (settings.longHistory()) {
        record(
            steps,
            BenchReport.NIGHTLY_LONG,
            step(BenchReport.NIGHTLY_LONG + " #" + i, run(longLake, longWarehouse, nightly)));
      }
    }
    Map<String, Long> phases = phases(jvm, steps.get(BenchReport.RUN_30));
    List<String> equality = new ArrayList<>();
    boolean equal = true;
    if (settings.check()) {
      Path reference = fresh("warehouse-reference");
      step("reference plan", withLake(lake, reference, "bench-reference-run", window));
      Measurement compared =
          step(
              "compare",
              jvm.run(
                  "compare", List.of("bench-compare", lastRun.toString(), reference.toString())));
      equality = lines(compared.log()).stream().filter(l -> l.startsWith("optout_")).toList();
      equal = compared.exitCode() == 0;
    }
    BenchReport report =
        new BenchReport(
            settings.size().key(),
            Machine.describe(),
            lakeFacts(lake),
            steps,
            phases,
            equality,
            equal);
    report.write(settings.dir());
    out.println(report.markdown());
    out.println(
        "results: "
            + settings.dir().resolve("results-" + settings.size().key() + ".json")
            + " and .md");
    out.flush();
    return equal;
  }

  private void ensureLake(Path lake) {
    if (Files.exists(lake.resolve(DONE_MARKER))) {
      out.println("reusing lake " + lake);
      out.flush();
      return;
    }
    BenchSize size = settings.size();
    LocalDate start = LAST_DAY.minusDays(BenchSize.DAYS - 1L);
    ChildJvm generator = new ChildJvm(GENERATION_HEAP, settings.dir().resolve("logs"));
    step(
        "generate",
        generator.run(
            "generate",
            List.of(
                "generate",
                "--users",
                Integer.toString(size.users()),
                "--apps",
                Integer.toString(size.apps()),
                "--activity",
                Double.toString(size.activity()),
                "--days",
                Integer.toString(BenchSize.DAYS),
                "--start",
                start.toString(),
                "--out",
                lake.toString())));
    touch(lake.resolve(DONE_MARKER));
  }

  private void ensureLongLake(Path lake, Path longLake) {
    if (Files.exists(longLake.resolve(DONE_MARKER))) {
      return;
    }
    int copies = BenchSize.LONG_HISTORY_DAYS / BenchSize.DAYS - 1;
    ChildJvm extender = new ChildJvm(GENERATION_HEAP, settings.dir().resolve("logs"));
    step(
        "extend history",
        extender.run(
            "extend",
            List.of(
                "bench-extend",
                lake.toString(),
                longLake.toString(),
                Integer.toString(copies),
                Integer.toString(BenchSize.DAYS))));
    touch(longLake.resolve(DONE_MARKER));
  }

  private Measurement run(Path lake, Path warehouse, List<String> args) {
    return withLake(lake, warehouse, "run", args);
  }

  private Measurement withLake(Path lake, Path warehouse, String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    all.add("-Doptout.warehouse=" + warehouse);
    for (Lake each : Lake.values()) {
      all.add("-Doptout.lakes." + each.key() + ".path=" + lake.resolve(each.key()));
    }
    return jvm.run(
        command
            + " "
            + String.join(" ", args)
            + " on "
            + lake.getFileName()
            + " into "
            + warehouse.getFileName(),
        all);
  }

  private Measurement step(String name, Measurement m) {
    out.printf(
        "%-40s %8.1f s  CPU %7.1f s  peak RSS %,6d MiB  exit %d%n",
        name, m.seconds(), m.cpuSeconds(), m.peakRssKb() / 1024, m.exitCode());
    out.flush();
    if (m.exitCode() != 0) {
      throw new OptoutException(
          "bench: step '" + name + "' failed with exit " + m.exitCode() + "; see " + m.log());
    }
    return m;
  }

  private static void record(Map<String, List<Measurement>> steps, String step, Measurement m) {
    steps.computeIfAbsent(step, k -> new ArrayList<>()).add(m);
  }

  /** The phase lines the run command prints, from the last 30-day run. */
  private static Map<String, Long> phases(ChildJvm jvm, List<Measurement> runs) {
    Map<String, Long> phases = new LinkedHashMap<>();
    for (String line : lines(runs.get(runs.size() - 1).log())) {
      Matcher m = PHASE_LINE.matcher(line);
      if (m.matches()) {
        phases.put(m.group(1).trim(), Long.parseLong(m.group(2).replace(",", "")));
      }
    }
    return phases;
  }

  private static Map<String, String> lakeFacts(Path lake) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("path", lake.toString());
    facts.put("days", Integer.toString(BenchSize.DAYS));
    facts.put("last day", LAST_DAY.toString());
    return facts;
  }

  private Path fresh(String name) {
    Path path = settings.dir().resolve(name);
    deleteRecursively(path);
    return path;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot read " + file + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot write " + file + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot clear " + path + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }
}
