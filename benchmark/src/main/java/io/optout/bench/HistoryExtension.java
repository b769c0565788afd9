package io.optout.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the long-history lake of the benchmark from a generated one without simulating again: the
 * original {@code dt} folders are linked in as they are, and {@code copies} earlier periods are
 * added, each a copy of the whole lake moved {@code k * days} back in time. The recent days a
 * nightly run reads are byte for byte those of the short lake, so the two nightly times differ only
 * by what the run reads of the older history.
 */
final class HistoryExtension {
  private HistoryExtension() {}

  static void extend(SparkSession spark, Path source, Path target, int copies, int days) {
    for (Lake lake : Lake.values()) {
      Path from = source.resolve(lake.key());
      Path to = target.resolve(lake.key());
      if (!lake.partitionedByDt()) {
        link(from, to);
        continue;
      }
      linkPartitions(from, to);
      Dataset<Row> rows = spark.read().parquet(from.toString());
      for (int k = 1; k <= copies; k++) {
        rows.withColumn(
                Columns.EVENT_TIME, col(Columns.EVENT_TIME).minus(make_dt_interval(lit(k * days))))
            // the folder moves with the rows: rows the generator made broken (no event_time, or
            // outside their dt) stay broken the same way instead of landing in a null partition
            .withColumn(Columns.DT, date_format(date_sub(col(Columns.DT), k * days), "yyyy-MM-dd"))
            .write()
            .mode("append")
            .partitionBy(Columns.DT)
            .parquet(to.toString());
      }
    }
  }

  private static void linkPartitions(Path from, Path to) {
    try (Stream<Path> partitions = Files.list(from)) {
      Files.createDirectories(to);
      for (Path partition :
          partitions
              .filter(p -> p.getFileName().toString().startsWith(Columns.DT + "="))
              .toList()) {
        Files.createSymbolicLink(to.resolve(partition.getFileName()), partition.toAbsolutePath());
      }
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot link " + from + " into " + to + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }

  private static void link(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.createSymbolicLink(to, from.toAbsolutePath());
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot link " + from + " to " + to + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }
}
