package io.optout.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.cli.Main;
import io.optout.config.Lake;
import io.optout.testing.SparkTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark's equality check on a small generated lake, through its commands: the product's run
 * and the reference plan's run of the same window write the same rows in every table.
 */
@SparkTest
class ReferenceRunTest {
  private static final List<String> WINDOW =
      List.of("--from", "2024-03-04", "--to", "2024-03-10", "--as-of", "2024-03-10");

  @Test
  void theProductsRunAndTheReferencePlansRunWriteTheSameRows(
      SparkSession spark, @TempDir Path dir) {
    Path lake = dir.resolve("lake");
    assertEquals(
        0,
        Main.execute(
            "generate",
            "--users",
            "200",
            "--days",
            "10",
            "--start",
            "2024-03-01",
            "--seed",
            "7",
            "--out",
            lake.toString()));
    Path product = dir.resolve("product");
    Path reference = dir.resolve("reference");
    assertEquals(0, bench(withLake("run", lake, product)).code(), "the product's run");
    Result referenceRun = bench(withLake("bench-reference-run", lake, reference));
    assertEquals(0, referenceRun.code(), referenceRun.out());
    assertTrue(referenceRun.out().contains(" succeeded"), referenceRun.out());

    Result compared = bench(List.of("bench-compare", product.toString(), reference.toString()));

    assertEquals(0, compared.code(), compared.out());
    assertTrue(compared.out().contains("optout_facts"), compared.out());
  }

  private record Result(int code, String out) {}

  private static Result bench(List<String> args) {
    StringWriter out = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int code = Main.execute(cli, args.toArray(String[]::new));
    return new Result(code, out.toString());
  }

  private static List<String> withLake(String command, Path lake, Path warehouse) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(WINDOW);
    args.add("-Doptout.warehouse=" + warehouse);
    for (Lake each : Lake.values()) {
      args.add("-Doptout.lakes." + each.key() + ".path=" + lake.resolve(each.key()));
    }
    return args;
  }
}
