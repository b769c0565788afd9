package io.optout.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors found before any Spark session starts: exit code 2 and one clear line. */
class CliUsageTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = Main.execute(cli, args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void unknownCommandIsExitTwoWhateverFollowsIt() {
    for (String[] args :
        new String[][] {{"frobnicate", "--help"}, {"frobnicate"}, {"frobnicate", "--version"}}) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
      assertTrue(
          r.err().startsWith("error: unknown command 'frobnicate' (commands: demo, export,"),
          r.err());
    }
    assertEquals(0, run("run", "--help").code(), "a known command's help still exits 0");
    assertEquals(0, run("--help").code());
  }

  @Test
  void badDateShowsTheExpectedFormatNotAJavaClassName() {
    for (String[] args :
        new String[][] {
          {"run", "--date", "2024-13-01"},
          {"run", "--from", "2024-03-01", "--to", "soon"},
          {"inputs", "--date", "tomorrow"},
          {"generate", "--start", "2024-02-30"}
        }) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      String firstLine = r.err().lines().findFirst().orElse("");
      assertTrue(firstLine.contains("is not a date, expected YYYY-MM-DD"), firstLine);
      assertFalse(r.err().contains("java."), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }

  @Test
  void exportTakesTheTableVersionAsTableVersion(@TempDir Path dir) {
    String out = dir.resolve("out").toString();
    Run negative = run("export", "--period", "last-week", "--out", out, "--table-version", "-1");
    assertEquals(2, negative.code(), negative.err());
    assertTrue(
        negative.err().startsWith("error: --table-version: must be 0 or more, got -1"),
        negative.err());

    Run old = run("export", "--period", "last-week", "--out", out, "--version", "3");
    assertEquals(2, old.code(), old.err());
    assertTrue(old.err().contains(UsageErrors.RENAMED_TABLE_VERSION), old.err());

    Run help = run("export", "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("--table-version=N"), help.out());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  /** The first line of the error a command line gives before any Spark starts. */
  private static String firstErrorLine(String... args) {
    Run r = run(args);
    assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.err().lines().findFirst().orElse("");
  }

  @Test
  void aBadDateReadsTheSameInEveryCommand(@TempDir Path dir) {
    String out = dir.resolve("out").toString();
    String[][] commands = {
      {"run", "--from", "2024-02-30", "--to", "2024-03-01"},
      {"export", "--out", out, "--from", "2024-02-30", "--to", "2024-03-01"},
      {
        "report",
        "--out",
        dir.resolve("r.html").toString(),
        "--from",
        "2024-02-30",
        "--to",
        "2024-03-01"
      },
      {"inputs", "--date", "2024-02-30"},
      {"generate", "--start", "2024-02-30"}
    };
    for (String[] args : commands) {
      String line = firstErrorLine(args);
      assertTrue(
          line.contains("'2024-02-30' is not a date, expected YYYY-MM-DD"),
          String.join(" ", args) + ": " + line);
    }
    assertEquals(
        firstErrorLine(commands[1]).replace("export", "report"),
        firstErrorLine(commands[2]),
        "export and report parse their ranges alike");
  }

  @Test
  void aRangeAfterTheAsOfDateReadsTheSameForRunExportAndReport(@TempDir Path dir) {
    String[] range = {"--from", "2024-03-01", "--to", "2024-03-09", "--as-of", "2024-03-08"};
    String run = firstErrorLine(concat(new String[] {"run"}, range));
    String export =
        firstErrorLine(
            concat(new String[] {"export", "--out", dir.resolve("o").toString()}, range));
    String report =
        firstErrorLine(
            concat(new String[] {"report", "--out", dir.resolve("r.html").toString()}, range));
    assertTrue(run.startsWith("error: --to 2024-03-09 is after the as-of date 2024-03-08"), run);
    assertEquals(run, export);
    assertEquals(run, report);
  }

  @Test
  void theBenchmarkAndItsReferencePlanAreNotPartOfTheProduct() {
    // they live in the benchmark module; bin/optout bench runs them from a source checkout
    assertEquals(2, run("bench").code());
    assertEquals(2, run("bench-compare", "a", "b").code());
    Run plan = run("run", "--date", "2024-03-01", "--plan", "reference");
    assertEquals(2, plan.code());
    assertTrue(plan.err().startsWith("error: Unknown options: '--plan', 'reference'"), plan.err());
  }

  @Test
  void anUnknownValueReadsTheSameForEveryOption(@TempDir Path dir) {
    assertEquals(
        "error: --format: unknown format 'xml' (use table or json)",
        firstErrorLine("inputs", "--date", "2024-03-01", "--format", "xml"));
    assertEquals(
        "error: --format: unknown format 'xml' (use csv or parquet)",
        firstErrorLine(
            "export",
            "--out",
            dir.resolve("o").toString(),
            "--period",
            "last-week",
            "--format",
            "xml"));
    assertEquals(
        "error: --period: unknown period 'q' (use last-week, last-month or last-year)",
        firstErrorLine("report", "--period", "q"));
    assertEquals(
        "error: --measure: unknown measure 'x' (use total or unique)",
        firstErrorLine("report", "--period", "last-week", "--measure", "x"));
    assertEquals(
        "error: --channel: unknown channel 'fax' (use push, email or sms)",
        firstErrorLine("report", "--period", "last-week", "--channel", "fax"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** The demo's configuration for {@code args} under the environment {@code env}. */
  private static OptoutConfig demoConfig(Map<String, String> env, String... args) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs(args);
    return demo.config(env);
  }

  @Test
  void demoPathsAreDefaultsThatConfigEnvironmentAndOverridesBeat(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    OptoutConfig plain = demoConfig(Map.of(), "--data", data.toString());
    assertEquals(data.resolve("warehouse").toString(), plain.warehouse());
    assertEquals(data.resolve("lake").resolve("push").toString(), plain.lake(Lake.PUSH).path());

    Path file = dir.resolve("my.conf");
    Files.writeString(
        file, "optout { warehouse = \"/from/file\", lakes.event.path = \"/file/event\" }");
    OptoutConfig layered =
        demoConfig(
            Map.of("OPTOUT_LAKE_PUSH", "/env/push", "OPTOUT_WAREHOUSE", "/env/warehouse"),
            "--data",
            data.toString(),
            "--config",
            file.toString(),
            "-Doptout.lakes.consent.path=/d/consent");
    assertEquals("/env/warehouse", layered.warehouse(), "environment beats the file and the demo");
    assertEquals("/env/push", layered.lake(Lake.PUSH).path());
    assertEquals("/file/event", layered.lake(Lake.EVENT).path(), "--config beats the demo's path");
    assertEquals("/d/consent", layered.lake(Lake.CONSENT).path());
    assertEquals(
        data.resolve("lake").resolve("campaign").toString(), layered.lake(Lake.CAMPAIGN).path());
  }
}
