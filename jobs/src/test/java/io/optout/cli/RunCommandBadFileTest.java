package io.optout.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.testing.DataFrames;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bad input file on the command line: one line on stderr, exit 1 (docs/bad-input.md). */
@SparkTest
class RunCommandBadFileTest {

  @Test
  void aFileThatIsNotParquetIsOneLineNamingLakeAndFileAndExitOne(
      SparkSession spark, @TempDir Path dir) throws Exception {
    LakeFixture lake =
        new LakeFixture(spark, dir)
            .append(
                Lake.PUSH,
                new Object[] {
                  "a1", "u1", "m1", null, "delivered", DataFrames.ts("2024-03-09T10:00:00Z"), null
                })
            .ensureAllLakes();
    Path noise =
        Path.of(lake.lakePath(Lake.PUSH)).resolve("dt=2024-03-09").resolve("noise.parquet");
    Files.write(noise, "PAR0 definitely not parquet".getBytes(StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of("run", "--date", "2024-03-10"));
    args.addAll(List.of(lake.cliOverrides()));

    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args.toArray(String[]::new));

    assertEquals(1, code);
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("error: run "), lines.get(0));
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "failed, no table changed: lake push: file file:"
                    + noise
                    + ": not a Parquet file (it does not start with PAR1); set optout.on-bad-file ="
                    + " skip to leave bad files out"),
        lines.get(0));
  }
}
