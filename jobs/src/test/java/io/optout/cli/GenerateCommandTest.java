package io.optout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.testing.SparkTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@SparkTest
class GenerateCommandTest {
  @TempDir Path tmp;

  /**
   * The command applies the configuration's Spark settings to the shared test session: undo that.
   */
  @AfterEach
  void restoreTestSession(SparkSession spark) {
    spark.conf().set("spark.sql.shuffle.partitions", "2");
  }

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void generatesTheFourLakesUnderOut(SparkSession spark) {
    Path out = tmp.resolve("lake");
    int code =
        Main.execute(
            "generate",
            "--users",
            "200",
            "--days",
            "10",
            "--start",
            "2024-03-01",
            "--out",
            out.toString());
    assertEquals(0, code);
    for (String lake : new String[] {"consent", "push", "campaign", "event"}) {
      assertTrue(Files.isDirectory(out.resolve(lake)), lake);
    }
    assertTrue(Files.isDirectory(out.resolve("event").resolve("dt=2024-03-10")));
    assertFalse(
        Files.exists(out.resolve("event").resolve("dt=2024-03-11")), "no day after the window");
  }

  @Test
  void printsRowCountsPerLake() {
    Outcome outcome =
        run(
            "generate",
            "--users",
            "50",
            "--days",
            "3",
            "--start",
            "2024-03-01",
            "--out",
            tmp.resolve("small").toString());
    assertEquals(0, outcome.exitCode(), outcome.err());
    for (String lake : new String[] {"consent", "push", "campaign", "event"}) {
      assertTrue(outcome.out().contains(lake), outcome.out());
    }
  }

  @Test
  void negativeUsersIsAUsageError() {
    Outcome outcome = run("generate", "--users", "-5", "--out", tmp.toString());
    assertEquals(2, outcome.exitCode());
    assertTrue(
        outcome.err().startsWith("error: --users must be at least 1, got -5\n"), outcome.err());
    assertFalse(outcome.err().contains("Exception"), outcome.err());
  }

  @Test
  void badStartDateIsAUsageError() {
    Outcome outcome = run("generate", "--start", "notadate", "--out", tmp.toString());
    assertEquals(2, outcome.exitCode());
    assertTrue(
        outcome
            .err()
            .startsWith(
                "error: Invalid value for option '--start': 'notadate' is not a date, expected"
                    + " YYYY-MM-DD\n"),
        outcome.err());
  }

  @Test
  void zeroDaysIsAUsageError() {
    Outcome outcome = run("generate", "--days", "0", "--out", tmp.toString());
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().startsWith("error: --days must be between 1 and"), outcome.err());
  }

  @Test
  void helpExitsZeroAndListsTheOptions() {
    Outcome outcome = run("generate", "--help");
    assertEquals(0, outcome.exitCode());
    for (String option :
        new String[] {"--users", "--days", "--start", "--apps", "--seed", "--out"}) {
      assertTrue(outcome.out().contains(option), option);
    }
  }

  @Test
  void withoutOutItWritesToTheConfiguredLakesInTheirFormats() {
    Path lakes = tmp.resolve("configured");
    Outcome outcome =
        run(
            "generate",
            "--users",
            "30",
            "--days",
            "2",
            "--start",
            "2024-03-01",
            "-Doptout.lakes.consent.path=" + lakes.resolve("c"),
            "-Doptout.lakes.push.path=" + lakes.resolve("p"),
            "-Doptout.lakes.campaign.path=" + lakes.resolve("k"),
            "-Doptout.lakes.campaign.format=json",
            "-Doptout.lakes.event.path=" + lakes.resolve("e"));
    assertEquals(0, outcome.exitCode(), outcome.err());
    for (String lake : new String[] {"c", "p", "k", "e"}) {
      assertTrue(Files.isDirectory(lakes.resolve(lake)), lake);
    }
    assertTrue(outcome.out().contains(lakes.resolve("k").toString()), outcome.out());
    try (var files = Files.list(lakes.resolve("k"))) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().endsWith(".json")),
          "campaign written as JSON");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
