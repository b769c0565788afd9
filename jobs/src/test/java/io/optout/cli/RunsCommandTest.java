package io.optout.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.DataFrames;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code optout runs} and the read-only {@code query}, on one small warehouse. */
@SparkTest
class RunsCommandTest {

  record Result(int code, String out, String err) {}

  static Result cli(LakeFixture lake, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of(lake.cliOverrides()));
    CommandLine cli = Main.commandLine();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cli.execute(all.toArray(String[]::new));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void listsFinishedAndKilledRunsAndQueryRefusesWrites(SparkSession spark, @TempDir Path dir) {
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
    Result noRunsYet = cli(lake, "runs");
    assertEquals(1, noRunsYet.code());
    assertTrue(
        noRunsYet.err().startsWith("error: table optout_runs does not exist"), noRunsYet.err());

    assertEquals(
        0,
        cli(lake, "run", "--from", "2024-03-01", "--to", "2024-03-10", "--as-of", "2024-03-10")
            .code());
    // a run killed after its start: only the started row
    RunWindow window =
        RunWindow.range(
            LocalDate.parse("2024-03-05"),
            LocalDate.parse("2024-03-06"),
            LocalDate.parse("2024-03-10"),
            ZoneOffset.UTC);
    new DeltaWarehouse(spark, lake.warehouse())
        .append(
            RunsTable.SPEC,
            RunRecord.started("killed-run", "run-range", window, Instant.now().plusSeconds(60))
                .toFrame(spark));

    Result table = cli(lake, "runs");
    assertEquals(0, table.code(), table.err());
    String[] lines = table.out().split("\n");
    assertTrue(
        lines[3].startsWith("|killed-run ") && lines[3].contains("|started, never finished|"),
        table.out());
    assertTrue(
        lines[4].contains("|run-range|")
            && lines[4].contains("|2024-03-01..2024-03-10|")
            && lines[4].contains("|succeeded ")
            && lines[4].contains("|consent 1/0 push 0/0 campaign 0/0 event 0/0|"),
        table.out());

    Result csv = cli(lake, "runs", "--format", "csv", "--limit", "1");
    assertEquals(0, csv.code(), csv.err());
    assertEquals(
        List.of(
            "run_id,job,window,as_of,status,started_at,duration_s,read_rejected,rows_written,error"),
        csv.out().lines().limit(1).toList());
    assertEquals(2, csv.out().lines().count(), csv.out());
    assertTrue(
        csv.out()
            .contains(
                "killed-run,run-range,2024-03-05..2024-03-06,2024-03-10,\"started, never"
                    + " finished\""),
        csv.out());

    Result json = cli(lake, "runs", "--format", "json");
    assertEquals(2, json.out().lines().count(), json.out());
    assertTrue(json.out().contains("\"status\":\"succeeded\""), json.out());

    Result badLimit = cli(lake, "runs", "--limit", "0");
    assertEquals(2, badLimit.code());
    assertTrue(
        badLimit.err().startsWith("error: --limit must be at least 1, got 0"), badLimit.err());

    long facts = new DeltaWarehouse(spark, lake.warehouse()).read(FactsTable.SPEC).count();
    for (String write :
        List.of(
            "DELETE FROM optout_facts",
            "drop table optout_facts",
            "/* SELECT */ INSERT INTO optout_facts SELECT * FROM optout_facts")) {
      Result refused = cli(lake, "query", write);
      assertEquals(2, refused.code(), write);
      assertTrue(
          refused.err().startsWith("error: query only reads: this statement "), refused.err());
      assertEquals(
          1, refused.err().lines().filter(l -> l.startsWith("error:")).count(), refused.err());
      assertFalse(refused.err().contains("\tat "), refused.err());
    }
    assertEquals(facts, new DeltaWarehouse(spark, lake.warehouse()).read(FactsTable.SPEC).count());
    assertEquals(1, facts);
    Result select = cli(lake, "query", "select user_id from optout_facts", "--format", "csv");
    assertEquals(0, select.code(), select.err());
    assertEquals("user_id\nu1\n", select.out());
  }
}
