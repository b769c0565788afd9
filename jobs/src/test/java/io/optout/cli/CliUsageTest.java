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
          r.err().startsWith("error: unknown command 'frobnicate' (commands: bench, demo, export,"),
          r.err());
      assertFalse(
          r.err().contains("bench-scan"),
          "the benchmark's hidden steps are not offered: " + r.err());
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
