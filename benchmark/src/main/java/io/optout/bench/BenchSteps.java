package io.optout.bench;

import io.optout.config.OptoutConfig;
import io.optout.pipeline.RunWindow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Entry points of the benchmark's child processes (hidden CLI commands). */
public final class BenchSteps {
  private BenchSteps() {}

  public static String scan(
      SparkSession spark, OptoutConfig config, LocalDate from, LocalDate to, LocalDate asOf) {
    RunWindow window = RunWindow.range(from, to, asOf, config.timezone());
    return "scanned rows: " + ScanFloor.describe(ScanFloor.scan(spark, config, window));
  }

  public static void extend(SparkSession spark, Path source, Path target, int copies, int days) {
    HistoryExtension.extend(spark, source, target, copies, days);
  }

  /** The late-data night's file: {@code share} of {@code day}'s app events, new ids. */
  public static void lateEvents(
      SparkSession spark, Path lake, LocalDate day, double share, Path out) {
    LateEvents.write(spark, lake, day, share, out);
  }

  public static boolean compare(SparkSession spark, String left, String right, PrintWriter out) {
    List<WarehouseDiff.TableDiff> diffs = WarehouseDiff.compare(spark, left, right);
    diffs.forEach(d -> out.println(d.describe()));
    out.flush();
    return !diffs.isEmpty() && diffs.stream().allMatch(WarehouseDiff.TableDiff::same);
  }
}
