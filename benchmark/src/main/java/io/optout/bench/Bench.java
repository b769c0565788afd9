package io.optout.bench;

import io.optout.OptoutException;
import io.optout.bench.ChildJvm.Measurement;
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

  /** " event read 1,234 = used ...", as the run command prints it. */
  private static final Pattern READ_LINE = Pattern.compile("^\\s*(\\w+)\\s+read ([0-9,]+) = .*$");

  /** The late-data night: this share of the events of the day 10 days before L lands with L. */
  static final LocalDate LATE_DAY = LAST_DAY.minusDays(10);

  static final double LATE_SHARE = 0.01;

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
    // Nightly runs: last night's warehouse (as of L - 1, the lake without day L) is primed once
    // and copied before each measured night; day L lands, alone or with 1% of day L - 10's events
    NightView view = NightView.of(lake, fresh("night-view"), LAST_DAY, LATE_DAY);
    Path primed = prime(view, fresh("warehouse-nightly-primed"), "prime nightly");
    Path lateFile = lateEvents(lake);
    NightView longView = null;
    Path longPrimed = null;
    if (settings.longHistory()) {
      longView = NightView.of(longLake, fresh("night-view-long"), LAST_DAY, LATE_DAY);
      longPrimed = prime(longView, fresh("warehouse-nightly-long-primed"), "prime long nightly");
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
      record(steps, BenchReport.NIGHTLY, night(view, primed, null, BenchReport.NIGHTLY, i));
      record(
          steps,
          BenchReport.NIGHTLY_LATE,
          night(view, primed, lateFile, BenchReport.NIGHTLY_LATE, i));
      if (settings.longHistory()) {
        record(
            steps,
            BenchReport.NIGHTLY_LONG,
            night(longView, longPrimed, null, BenchReport.NIGHTLY_LONG, i));
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
            equal,
            rowsRead(steps));
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

  /** Last night's run (as of L - 1) on the view without day L; returns its warehouse. */
  private Path prime(NightView view, Path warehouse, String name) {
    step(name, run(view.path(), warehouse, List.of("--date", LAST_DAY.minusDays(1).toString())));
    return warehouse;
  }

  /** The late-data night's file, written once per lake. */
  private Path lateEvents(Path lake) {
    Path out = settings.dir().resolve("late-events-" + settings.size().key());
    if (!Files.exists(out.resolve("_SUCCESS"))) {
      step(
          "late events",
          jvm.run(
              "late events",
              List.of(
                  "bench-late-events",
                  lake.toString(),
                  LATE_DAY.toString(),
                  Double.toString(LATE_SHARE),
                  out.toString())));
    }
    return LateEvents.file(out);
  }

  /**
   * One measured night: a copy of last night's warehouse, day L landed (and the late file, if any),
   * {@code run --date L}; the view is put back as last night after it.
   */
  private Measurement night(NightView view, Path primed, Path late, String name, int i) {
    // a warehouse (and so a log file) of its own per kind of night
    Path warehouse = fresh("warehouse-" + name.replaceAll("[^A-Za-z0-9]+", "-"));
    copy(primed, warehouse);
    view.arrive();
    if (late != null) {
      view.addLate(late);
    }
    try {
      return step(
          name + " #" + i, run(view.path(), warehouse, List.of("--date", LAST_DAY.toString())));
    } finally {
      view.withdraw();
      if (late != null) {
        view.removeLate();
      }
    }
  }

  /** Rows read per lake by the last run of each step, from the lines the run command prints. */
  private static Map<String, Map<String, Long>> rowsRead(Map<String, List<Measurement>> steps) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    steps.forEach(
        (step, runs) -> {
          Map<String, Long> read = new LinkedHashMap<>();
          for (String line : lines(runs.get(runs.size() - 1).log())) {
            Matcher m = READ_LINE.matcher(line);
            if (m.matches()) {
              read.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
            }
          }
          if (!read.isEmpty()) {
            out.put(step, read);
          }
        });
    return out;
  }

  private static void copy(Path from, Path to) {
    try (var walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot copy " + from + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
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
