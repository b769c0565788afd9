package io.optout.cli;

import static io.optout.ops.InputBatches.appendBatch;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.ops.InputBatches;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and output of {@code optout inputs}: the contract the Airflow sensor relies on. */
@io.optout.testing.SparkTest
class InputsCommandTest {
  @TempDir static Path dir;

  @BeforeAll
  static void lakes(SparkSession spark) {
    for (String lake : List.of("consent", "push", "event")) {
      appendBatch(spark, "parquet", dir.resolve(lake).toString(), "2024-03-01", 2);
    }
    appendBatch(spark, "parquet", dir.resolve("consent").toString(), "2024-03-02", 1);
    InputBatches.writeCampaigns(spark, dir.resolve("campaign").toString(), 3);
  }

  private record Result(int code, String out, String err) {}

  private static Result inputs(String... args) {
    List<String> line = new ArrayList<>(List.of("inputs"));
    line.addAll(List.of(args));
    for (String lake : List.of("consent", "push", "campaign", "event")) {
      line.add("-Doptout.lakes." + lake + ".path=" + dir.resolve(lake));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(line.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void allRequiredPartitionsThereExitsZero() {
    Result r = inputs("--date", "2024-03-01");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("inputs for dt=2024-03-01"), r.out());
    assertTrue(
        r.out()
            .lines()
            .anyMatch(l -> l.startsWith("consent") && l.contains("present") && l.contains(" 2 ")),
        r.out());
    assertTrue(
        r.out()
            .lines()
            .anyMatch(l -> l.startsWith("campaign") && l.contains("present") && l.contains(" 3 ")),
        r.out());
  }

  @Test
  void missingRequiredPartitionExitsThreeAndNamesTheLakes() {
    Result r = inputs("--date", "2024-03-02");
    assertEquals(OptoutException.INPUT_MISSING, r.code());
    assertTrue(
        r.out().lines().anyMatch(l -> l.startsWith("push") && l.contains("MISSING")), r.out());
    assertTrue(r.err().contains("input missing for dt=2024-03-02: push ("), r.err());
    assertTrue(r.err().contains("event ("), r.err());
    assertFalse(r.err().contains("consent ("), r.err());
  }

  @Test
  void onlyTheChosenLakesAreRequired() {
    assertEquals(0, inputs("--date", "2024-03-02", "--lakes", "consent,campaign").code());
    assertEquals(
        OptoutException.INPUT_MISSING,
        inputs("--date", "2024-03-02", "--lakes", "consent,push").code());
  }

  @Test
  void jsonReportsEveryLake() {
    Result r = inputs("--date", "2024-03-02", "--format", "json");
    assertEquals(OptoutException.INPUT_MISSING, r.code());
    String json = r.out().strip();
    assertTrue(json.startsWith("{\"date\":\"2024-03-02\",\"ready\":false,\"lakes\":["), json);
    assertTrue(
        json.contains(
            "{\"lake\":\"consent\",\"format\":\"parquet\",\"location\":\""
                + dir.resolve("consent")
                + "/dt=2024-03-02\",\"partitioned\":true,\"required\":true,\"present\":true,\"files\":1,\"rows\":1}"),
        json);
    assertTrue(json.contains("\"lake\":\"campaign\""), json);
    assertTrue(
        json.contains(
            "\"partitioned\":false,\"required\":false,\"present\":true,\"files\":1,\"rows\":3}"),
        json);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(OptoutException.USAGE, inputs("--date", "2024-02-30").code());
    assertEquals(OptoutException.USAGE, inputs("--date", "yesterday").code());
    assertEquals(OptoutException.USAGE, inputs().code());
    Result lake = inputs("--date", "2024-03-01", "--lakes", "consent,clicks");
    assertEquals(OptoutException.USAGE, lake.code());
    assertTrue(lake.err().contains("unknown lake 'clicks'"), lake.err());
    assertEquals(OptoutException.USAGE, inputs("--date", "2024-03-01", "--format", "xml").code());
  }
}
