package io.optout.cli;

import static io.optout.export.ExportFixtures.fact;
import static io.optout.export.ExportFixtures.state;
import static io.optout.export.ExportFixtures.writeRun;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@SparkTest
class ExportCommandTest {
  @TempDir Path dir;

  /** Exit code, stdout and stderr of one command line. */
  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String[] export(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "-Doptout.warehouse=" + dir.resolve("warehouse"),
                "-Doptout.spark.master=local[2]",
                "-Doptout.spark.conf.spark.sql.shuffle.partitions=2",
                "--out",
                dir.resolve("out").toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void assertUsageError(String expectedMessage, String... args) throws IOException {
    Run r = run(args);
    assertEquals(2, r.code(), () -> String.join(" ", args) + "\nstderr: " + r.err());
    assertTrue(
        r.err().contains(expectedMessage),
        () -> "expected '" + expectedMessage + "' in: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(),
          files.filter(p -> p.getFileName().toString().startsWith("out")).toList(),
          "nothing written for " + String.join(" ", args));
    }
  }

  @Test
  void badOptionsExitWithTwoAndWriteNothing() throws IOException {
    assertUsageError(
        "--from 2024-03-05 is after --to 2024-03-01",
        export("--from", "2024-03-05", "--to", "2024-03-01", "--as-of", "2024-03-10"));
    assertUsageError(
        "after the as-of date 2024-03-08",
        export("--from", "2024-03-01", "--to", "2024-03-09", "--as-of", "2024-03-08"));
    assertUsageError(
        "--from: '2024-02-30' is not a date",
        export("--from", "2024-02-30", "--to", "2024-03-01", "--as-of", "2024-03-08"));
    assertUsageError(
        "--to: '03/01/2024' is not a date",
        export("--from", "2024-02-01", "--to", "03/01/2024", "--as-of", "2024-03-08"));
    assertUsageError(
        "--as-of: 'yesterday' is not a date",
        export("--period", "last-week", "--as-of", "yesterday"));
    assertUsageError(
        "either --period or --from/--to",
        export("--period", "last-month", "--from", "2024-03-01", "--to", "2024-03-02"));
    assertUsageError(
        "either --period or --from/--to", export("--period", "last-month", "--to", "2024-03-02"));
    assertUsageError("both --from and --to", export("--from", "2024-03-01"));
    assertUsageError("both --from and --to", export());
    assertUsageError("unknown period 'last-quarter'", export("--period", "last-quarter"));
    assertUsageError("unknown channel 'fax'", export("--period", "last-week", "--channel", "fax"));
    assertUsageError("unknown format 'xlsx'", export("--period", "last-week", "--format", "xlsx"));
    assertUsageError(
        "--table-version: must be 0 or more",
        export("--period", "last-week", "--table-version", "-1"));
    assertUsageError("Missing required option: '--out=PATH'", "export", "--period", "last-week");
  }

  @Test
  void aMissingWarehouseExitsWithTwo() throws IOException {
    assertUsageError("does not exist", export("--period", "last-week", "--as-of", "2024-03-10"));
  }

  @Test
  void exportsAndPrintsPathCountAndFirstRows(SparkSession spark) throws IOException {
    writeRun(
        spark,
        dir.resolve("warehouse"),
        List.of(
            fact("a1", "u1", "push", "2024-03-02T08:00:00Z", "e1", "d1"),
            fact("a1", "u2", "email", "2024-03-03T10:00:00Z", "e2", "d2")),
        List.of(
            state("a1", "u1", "push", "opt_out", "2024-03-02T08:00:00Z"),
            state("a1", "u2", "email", "opt_in", "2024-03-04T10:00:00Z")));

    Run ok =
        run(
            export(
                "--period",
                "last-week",
                "--as-of",
                "2024-03-07",
                "--channel",
                "PUSH",
                "-Doptout.spark.conf.spark.hadoop.fs.s3a.secret.key=hunter2"));
    assertEquals(0, ok.code(), ok.err());
    assertTrue(
        ok.out().contains("Exported 1 opted-out user (last-week [2024-03-01, 2024-03-07]"),
        ok.out());
    assertTrue(ok.out().contains(dir.resolve("out").toString()), ok.out());
    assertTrue(ok.out().contains("a1     | u1      | e1"), ok.out());
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out/_manifest.json").toFile());
    assertEquals("push", manifest.at("/filters/channel").asText());
    assertEquals("last-week", manifest.get("period").asText());
    String commandLine = manifest.get("command_line").toString();
    assertTrue(commandLine.startsWith("[\"optout\",\"export\""), commandLine);
    assertTrue(
        commandLine.contains("secret.key=***") && !commandLine.contains("hunter2"), commandLine);

    Run refused = run(export("--period", "last-week", "--as-of", "2024-03-07"));
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("already exists; pass --overwrite"), refused.err());

    Run empty =
        run(
            export(
                "--from",
                "2024-01-01",
                "--to",
                "2024-01-31",
                "--as-of",
                "2024-03-07",
                "--overwrite"));
    assertEquals(0, empty.code(), empty.err());
    assertTrue(empty.out().startsWith("Export is empty"), empty.out());
  }
}
