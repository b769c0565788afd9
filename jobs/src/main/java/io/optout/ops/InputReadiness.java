package io.optout.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.config.OptoutConfig;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether the input for one date is there, lake by lake, without reading any history: for folder
 * lakes (parquet, json) it lists the {@code dt=D} folder with the Hadoop FileSystem API (works on
 * s3a:// as on local disk); for Delta lakes it asks the table for its rows with {@code dt = D}. A
 * partition counts as present when it holds at least one data file.
 */
public final class InputReadiness {
  private final SparkSession spark;
  private final OptoutConfig config;

  public InputReadiness(SparkSession spark, OptoutConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Every lake, in {@link Lake} order; {@code required} marks the ones a run must wait for. */
  public List<LakeInput> check(LocalDate date, Set<Lake> required) {
    List<LakeInput> result = new ArrayList<>();
    for (Lake lake : Lake.values()) {
      result.add(check(lake, date, required.contains(lake)));
    }
    return result;
  }

  LakeInput check(Lake lake, LocalDate date, boolean required) {
    LakeConfig lakeConfig = config.lake(lake);
    try {
      if (lakeConfig.format() == LakeFormat.DELTA) {
        return deltaPartition(lake, lakeConfig, date, required);
      }
      Path folder =
          lake.partitionedByDt()
              ? new Path(lakeConfig.path(), Columns.DT + "=" + date)
              : new Path(lakeConfig.path());
      return folder(lake, lakeConfig, folder, required);
    } catch (IOException e) {
      throw new OptoutException(
          "lake "
              + lake.key()
              + " at "
              + lakeConfig.path()
              + ": cannot be listed: "
              + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }

  private LakeInput folder(Lake lake, LakeConfig lakeConfig, Path folder, boolean required)
      throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = folder.getFileSystem(hadoop);
    List<FileStatus> files = fs.exists(folder) ? dataFiles(fs, folder) : List.of();
    if (files.isEmpty()) {
      return new LakeInput(lake, lakeConfig.format(), folder.toString(), required, false, 0, 0);
    }
    long rows =
        lakeConfig.format() == LakeFormat.PARQUET
            ? parquetRows(hadoop, files)
            : spark.read().schema(InputSchemas.schema(lake)).json(folder.toString()).count();
    return new LakeInput(
        lake, lakeConfig.format(), folder.toString(), required, true, files.size(), rows);
  }

  /**
   * Data files under the folder, skipping Spark's and Hadoop's hidden files (_SUCCESS, .crc,
   * _temporary).
   */
  private static List<FileStatus> dataFiles(FileSystem fs, Path folder) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder, InputReadiness::visible)) {
      if (status.isDirectory()) {
        files.addAll(dataFiles(fs, status.getPath()));
      } else {
        files.add(status);
      }
    }
    return files;
  }

  private static boolean visible(Path path) {
    String name = path.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** Row counts from the Parquet footers: reads a few kilobytes per file, no Spark job. */
  private static long parquetRows(Configuration hadoop, List<FileStatus> files) {
    return files.stream()
        .mapToLong(
            file -> {
              try (ParquetFileReader reader =
                  ParquetFileReader.open(HadoopInputFile.fromStatus(file, hadoop))) {
                return reader.getRecordCount();
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "cannot read the Parquet footer of " + file.getPath(), e);
              }
            })
        .sum();
  }

  /**
   * Rows and files of {@code dt = D} (partition pruning keeps the scan to that date's files), or of
   * the whole table for the unpartitioned campaign lake.
   */
  private LakeInput deltaPartition(
      Lake lake, LakeConfig lakeConfig, LocalDate date, boolean required) {
    String location = lakeConfig.path();
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return new LakeInput(lake, LakeFormat.DELTA, location, required, false, 0, 0);
    }
    Dataset<Row> table = spark.read().format("delta").load(location);
    if (lake.partitionedByDt()) {
      table = table.where(col(Columns.DT).equalTo(lit(date.toString())));
    }
    List<Row> perFile = table.groupBy(input_file_name()).count().collectAsList();
    long rows = perFile.stream().mapToLong(r -> r.getLong(1)).sum();
    return new LakeInput(
        lake, LakeFormat.DELTA, location, required, rows > 0, perFile.size(), rows);
  }

  /** The lakes of {@code --lakes a,b}: names of {@link Lake}, case-insensitive. */
  public static Set<Lake> parseLakes(List<String> names) {
    EnumSet<Lake> lakes = EnumSet.noneOf(Lake.class);
    for (String name : names) {
      String key = name.trim();
      Lake lake =
          Arrays.stream(Lake.values())
              .filter(l -> l.key().equalsIgnoreCase(key))
              .findFirst()
              .orElseThrow(
                  () ->
                      OptoutException.usage(
                          "--lakes: unknown lake '"
                              + key
                              + "' (expected consent, push, campaign or event)"));
      lakes.add(lake);
    }
    return lakes;
  }
}
