package io.optout.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The late input of the benchmark's late-data night: a share of one day's app events, as new events
 * (their ids marked, so they are not duplicates of the day's own), in one parquet file.
 */
final class LateEvents {
  private LateEvents() {}

  private static final long SEED = 29L;

  /** Writes the file into the folder {@code out}; returns its path. */
  static Path write(SparkSession spark, Path lake, LocalDate day, double share, Path out) {
    Path partition = lake.resolve(Lake.EVENT.key()).resolve(Columns.DT + "=" + day);
    spark
        .read()
        .parquet(partition.toString())
        .sample(false, share, SEED)
        .withColumn(Columns.EVENT_ID, concat(col(Columns.EVENT_ID), lit("-late")))
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(out.toString());
    return file(out);
  }

  static Path file(Path out) {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .findFirst()
          .orElseThrow(() -> new OptoutException("bench: no late-events file in " + out));
    } catch (IOException e) {
      throw new OptoutException(
          "bench: cannot list " + out + ": " + e.getMessage(), OptoutException.FAILED, e);
    }
  }
}
