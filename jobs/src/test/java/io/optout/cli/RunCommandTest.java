package io.optout.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.testing.DataFrames;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@SparkTest
class RunCommandTest {

  /** Runs the CLI and returns exit code and stderr. */
  private static Result cli(String... args) {
    CommandLine cli = Main.commandLine();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    cli.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
    int code = cli.execute(args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Result(int code, String out, String err) {}

  @Test
  void wrongOptionsExitWithTwoAndOneClearLine() {
    Result none = cli("run");
    assertEquals(2, none.code());
    assertTrue(none.err().startsWith("error: "), none.err());

    Result badDate = cli("run", "--date", "2024-02-30");
    assertEquals(2, badDate.code());
    assertTrue(badDate.err().contains("'2024-02-30'"), badDate.err());
    assertFalse(badDate.err().contains("\tat "), "no stack trace");

    Result reversed =
        cli("run", "--from", "2024-03-05", "--to", "2024-03-01", "--as-of", "2024-03-10");
    assertEquals(2, reversed.code());
    assertTrue(
        reversed.err().startsWith("error: --from 2024-03-05 is after --to 2024-03-01"),
        reversed.err());

    Result both = cli("run", "--date", "2024-03-01", "--from", "2024-03-01", "--to", "2024-03-02");
    assertEquals(2, both.code());

    Result unknownKey = cli("run", "--date", "2024-03-01", "-Doptout.push.windowdays=3");
    assertEquals(2, unknownKey.code());
    assertTrue(
        unknownKey.err().contains("optout.push.windowdays: unknown configuration key"),
        unknownKey.err());

    Result unknownCommand = cli("frobnicate");
    assertEquals(2, unknownCommand.code());
  }

  @Test
  void nightlyRunPrintsTheAccountingAndExitsZero(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake =
        new LakeFixture(spark, dir)
            .append(
                Lake.CONSENT,
                new Object[] {
                  "a1",
                  "u1",
                  null,
                  null,
                  "push",
                  "opt_out",
                  DataFrames.ts("2024-03-09T10:00:00Z"),
                  null,
                  null
                })
            .ensureAllLakes();
    List<String> args = new ArrayList<>(List.of("run", "--date", "2024-03-10"));
    args.addAll(List.of(lake.cliOverrides()));
    Result result = cli(args.toArray(String[]::new));
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("opt-out dates 2024-02-06..2024-03-10"), result.out());
    assertTrue(
        result.out().contains("consent   read 1 = used 1 + rejected 0 + exact duplicates 0"),
        result.out());
    assertTrue(result.out().contains("wrote optout_facts"), result.out());

    List<String> query =
        new ArrayList<>(
            List.of(
                "query",
                "SELECT user_id, opt_out_time, 'a,\"b' AS quoted, NULL AS nothing FROM"
                    + " optout_facts",
                "--format",
                "csv"));
    query.addAll(List.of(lake.cliOverrides()));
    Result csv = cli(query.toArray(String[]::new));
    assertEquals(0, csv.code(), csv.err());
    assertEquals(
        "user_id,opt_out_time,quoted,nothing\nu1,2024-03-09T10:00:00Z,\"a,\"\"b\",\n", csv.out());

    query.set(1, "SELECT nope FROM optout_facts");
    Result badSql = cli(query.toArray(String[]::new));
    assertEquals(2, badSql.code());
    assertTrue(badSql.err().startsWith("error: query failed: "), badSql.err());
  }

  @Test
  void missingLakeIsOneLineAndExitOne(SparkSession spark, @TempDir Path dir) {
    Result result =
        cli(
            "run",
            "--date",
            "2024-03-10",
            "-Doptout.warehouse=" + dir.resolve("wh"),
            "-Doptout.lakes.consent.path=" + dir.resolve("nowhere"));
    assertEquals(1, result.code());
    assertTrue(
        result.err().contains("lake consent: path " + dir.resolve("nowhere") + " does not exist"),
        result.err());
  }
}
