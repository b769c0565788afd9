package io.optout.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.config.BadFilePolicy;
import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import io.optout.spark.ColumnRanges;
import io.optout.spark.SparkCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one input lake as it is stored, pruned to the {@code dt} partitions a run needs. The result
 * keeps the lake's own columns untouched (validation needs the raw values) plus {@code dt} as a
 * date; a missing required column fails at once, naming lake, path and column.
 */
public final class LakeReader {
  /** Spark's error class for a folder without data files to infer a schema from. */
  private static final String UNABLE_TO_INFER_SCHEMA = "UNABLE_TO_INFER_SCHEMA";

  private final SparkSession spark;
  private final BadFilePolicy onBadFile;

  /**
   * Files and folders left out so far (zero-byte, or bad under optout.on-bad-file = skip), for
   * optout_runs.
   */
  private final List<BadFile> skipped = new ArrayList<>();

  public LakeReader(SparkSession spark) {
    this(spark, BadFilePolicy.FAIL);
  }

  public LakeReader(SparkSession spark, BadFilePolicy onBadFile) {
    this.spark = spark;
    this.onBadFile = onBadFile;
  }

  /** What the reads so far left out, in the order found. */
  public List<BadFile> skipped() {
    return List.copyOf(skipped);
  }

  public Dataset<Row> read(Lake lake, LakeConfig config, DtRange range) {
    Dataset<Row> stored = load(lake, config, range);
    requireContractColumns(lake, config, stored);
    if (!lake.partitionedByDt()) {
      return stored.withColumn(Columns.DT, lit(null).cast(DataTypes.DateType));
    }
    Set<String> columns = Set.of(stored.columns());
    if (!columns.contains(Columns.DT)) {
      throw LakeErrors.noDtPartitions(lake, config);
    }
    Column dt = col(Columns.DT).cast(DataTypes.DateType);
    Dataset<Row> withDt = stored.withColumn(Columns.DT, dt);
    return withDt.where(ColumnRanges.datesIn(col(Columns.DT), range.from(), range.to()));
  }

  private Dataset<Row> load(Lake lake, LakeConfig config, DtRange range) {
    requirePath(lake, config);
    if (config.format() != LakeFormat.DELTA) {
      return loadCheckedFiles(lake, config, range);
    }
    try {
      return SparkCalls.declaring(
          () -> {
            Dataset<Row> delta =
                spark.read().format(config.format().sparkName()).load(config.path());
            // Delta reads the commit files of the table's state lazily, in the first job; listing
            // the files here makes an unreadable version fail now, in one line, not mid-run
            delta.inputFiles();
            return delta;
          });
    } catch (AnalysisException e) {
      if (UNABLE_TO_INFER_SCHEMA.equals(e.getErrorClass())) {
        // a lake folder with no data files yet reads as no rows, not as a failure
        return spark.createDataFrame(java.util.List.of(), emptySchema(lake));
      }
      throw LakeErrors.unreadable(lake, config, e);
    } catch (SparkException | IOException | RuntimeException e) {
      throw LakeErrors.unreadable(lake, config, e);
    }
  }

  /**
   * Parquet and JSON: only the files {@link InputFiles} found good, with dt still discovered from
   * the paths.
   */
  private Dataset<Row> loadCheckedFiles(Lake lake, LakeConfig config, DtRange range) {
    InputFiles files = InputFiles.list(spark, lake, config, range);
    skipped.addAll(BadFileDecision.decide(lake, range, files, onBadFile));
    if (files.readPaths().isEmpty()) {
      return spark.createDataFrame(java.util.List.of(), emptySchema(lake));
    }
    DataFrameReader reader =
        spark.read().format(config.format().sparkName()).option("basePath", config.path());
    files.schema().ifPresent(reader::schema);
    return reader.load(files.readPaths().toArray(String[]::new));
  }

  private static org.apache.spark.sql.types.StructType emptySchema(Lake lake) {
    org.apache.spark.sql.types.StructType schema = InputSchemas.schema(lake);
    return lake.partitionedByDt() ? schema.add(Columns.DT, DataTypes.DateType) : schema;
  }

  private void requirePath(Lake lake, LakeConfig config) {
    try {
      Path path = new Path(config.path());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw LakeErrors.pathMissing(lake, config);
      }
    } catch (IOException e) {
      throw LakeErrors.cannotAccess(lake, config, e);
    }
  }

  private static void requireContractColumns(Lake lake, LakeConfig config, Dataset<Row> stored) {
    Set<String> present = Arrays.stream(stored.columns()).collect(Collectors.toSet());
    for (InputColumn column : InputSchemas.columns(lake)) {
      if (column.required() && !present.contains(column.name())) {
        throw LakeErrors.requiredColumnMissing(lake, config, column.name());
      }
    }
  }
}
