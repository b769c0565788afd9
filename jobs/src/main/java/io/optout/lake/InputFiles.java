package io.optout.lake;

import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import io.optout.spark.internal.ParquetSchemas;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The data files of the partitions a run reads, listed with Hadoop's FileSystem and classified
 * before Spark reads a row (docs/bad-input.md). Only the lake root and the dt folders of the range
 * are listed, so a nightly run does not walk the whole history. Names starting with {@code _} or
 * {@code .} are ignored, as Spark does. Parquet files are checked by magic, footer and footer
 * schema; JSON files only for being empty (a malformed line becomes a rejected row).
 */
public final class InputFiles {
  private static final DateTimeFormatter DT_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final String DT_PREFIX = Columns.DT + "=";

  /** Footer reads are small and I/O bound (S3): a few at once. */
  private static final int FOOTER_THREADS = 8;

  private final List<BadFile> bad;
  private final List<String> readPaths;
  private final Optional<StructType> schema;
  private final int goodFiles;

  private InputFiles(
      List<BadFile> bad, List<String> readPaths, Optional<StructType> schema, int goodFiles) {
    this.bad = List.copyOf(bad);
    this.readPaths = List.copyOf(readPaths);
    this.schema = schema;
    this.goodFiles = goodFiles;
  }

  /** Lists and checks the files of a parquet or json lake within {@code range}. */
  public static InputFiles list(SparkSession spark, Lake lake, LakeConfig config, DtRange range) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path root = new Path(config.path());
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      Listing listing = new Listing(lake);
      if (lake.partitionedByDt()) {
        listing.partitionsOf(fs, root, range);
      } else {
        listing.partition(fs, root);
      }
      ParquetFileCheck check =
          config.format() == LakeFormat.PARQUET
              ? new ParquetFileCheck(lake, hadoop, new ParquetSchemas(spark))
              : null;
      return listing.classify(fs, check);
    } catch (IOException e) {
      throw LakeErrors.cannotList(lake, config, e);
    }
  }

  /** Every entry left out: zero-byte files, unknown folders, unreadable files. */
  public List<BadFile> bad() {
    return bad;
  }

  /**
   * The folders and files to hand Spark (with {@code basePath} = the lake root): clean dt folders
   * whole, the good files of others.
   */
  public List<String> readPaths() {
    return readPaths;
  }

  /**
   * For Parquet, the schema to read with: every column of the good files, contract columns with the
   * contract's type. Given explicitly, Spark neither infers it from one file (and loses columns
   * only other files have) nor reads the footers again.
   */
  public Optional<StructType> schema() {
    return schema;
  }

  public int goodFiles() {
    return goodFiles;
  }

  /** {@code dt=YYYY-MM-DD} with a real date, else empty. */
  static Optional<LocalDate> dtOf(String folderName) {
    if (!folderName.startsWith(DT_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(folderName.substring(DT_PREFIX.length()), DT_FORMAT));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Spark ignores names starting with _ or . (_SUCCESS, .crc checksums, _temporary). */
  static boolean hidden(Path path) {
    String name = path.getName();
    return name.startsWith("_") || name.startsWith(".");
  }

  /** What the listing found, partition by partition. */
  private static final class Listing {
    private final Lake lake;
    private final List<BadFile> bad = new ArrayList<>();

    /** Partition folder -> its candidate data files. */
    private final Map<Path, List<FileStatus>> partitions = new LinkedHashMap<>();

    /** Partition folders that held a zero-byte file or a sub-folder: read file by file. */
    private final List<Path> mixed = new ArrayList<>();

    Listing(Lake lake) {
      this.lake = lake;
    }

    void partitionsOf(FileSystem fs, Path root, DtRange range) throws IOException {
      for (FileStatus child : visible(fs, root)) {
        String where = child.getPath().toString();
        if (child.isDirectory()) {
          Optional<LocalDate> dt = dtOf(child.getPath().getName());
          if (dt.isEmpty()) {
            bad.add(
                BadFile.folder(
                    lake, where, "not a dt=YYYY-MM-DD partition folder, its files are not read"));
          } else if (range.contains(dt.get())) {
            partition(fs, child.getPath());
          }
        } else if (child.getLen() == 0) {
          bad.add(BadFile.zeroByte(lake, where));
        } else {
          bad.add(BadFile.unreadable(lake, where, "a file outside any dt=YYYY-MM-DD folder"));
        }
      }
    }

    void partition(FileSystem fs, Path folder) throws IOException {
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus child : visible(fs, folder)) {
        String where = child.getPath().toString();
        if (child.isDirectory()) {
          bad.add(
              BadFile.folder(
                  lake,
                  where,
                  lake.partitionedByDt()
                      ? "a folder inside a dt partition, its files are not read"
                      : "a folder inside an unpartitioned lake, its files are not read"));
          mixed.add(folder);
        } else if (child.getLen() == 0) {
          bad.add(BadFile.zeroByte(lake, where));
          mixed.add(folder);
        } else {
          files.add(child);
        }
      }
      partitions.put(folder, files);
    }

    private static List<FileStatus> visible(FileSystem fs, Path folder) throws IOException {
      FileStatus[] children = fs.listStatus(folder);
      Arrays.sort(children); // by path: the same run reads in the same order
      return Arrays.stream(children).filter(s -> !hidden(s.getPath())).toList();
    }

    InputFiles classify(FileSystem fs, ParquetFileCheck check) {
      List<FileStatus> candidates = partitions.values().stream().flatMap(List::stream).toList();
      List<ParquetFileCheck.Result> results =
          check == null
              ? candidates.stream()
                  .map(f -> new ParquetFileCheck.Result(f, Optional.empty(), null))
                  .toList()
              : checkAll(fs, check, candidates);
      SchemaUnion union = new SchemaUnion(lake);
      Set<Path> good = new HashSet<>();
      for (ParquetFileCheck.Result result : results) {
        Optional<String> problem =
            result.problem().or(() -> check == null ? Optional.empty() : union.add(result));
        if (problem.isPresent()) {
          bad.add(BadFile.unreadable(lake, result.file().getPath().toString(), problem.get()));
        } else {
          good.add(result.file().getPath());
        }
      }
      List<String> paths = new ArrayList<>();
      for (Map.Entry<Path, List<FileStatus>> partition : partitions.entrySet()) {
        List<FileStatus> files = partition.getValue();
        boolean allGood =
            !mixed.contains(partition.getKey())
                && files.stream().allMatch(f -> good.contains(f.getPath()));
        if (allGood && !files.isEmpty()) {
          paths.add(partition.getKey().toString());
        } else {
          files.stream()
              .map(FileStatus::getPath)
              .filter(good::contains)
              .forEach(p -> paths.add(p.toString()));
        }
      }
      return new InputFiles(
          bad,
          paths,
          check == null || good.isEmpty() ? Optional.empty() : Optional.of(union.schema()),
          good.size());
    }

    private static List<ParquetFileCheck.Result> checkAll(
        FileSystem fs, ParquetFileCheck check, List<FileStatus> files) {
      if (files.isEmpty()) {
        return List.of();
      }
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(FOOTER_THREADS, files.size()));
      try {
        List<Future<ParquetFileCheck.Result>> futures = new ArrayList<>();
        for (FileStatus file : files) {
          futures.add(pool.submit(() -> check.check(fs, file)));
        }
        List<ParquetFileCheck.Result> results = new ArrayList<>();
        for (Future<ParquetFileCheck.Result> future : futures) {
          results.add(future.get());
        }
        return results;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw LakeErrors.fileCheckInterrupted(e);
      } catch (ExecutionException e) {
        throw LakeErrors.fileCheckFailed(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The union of the good files' columns, in order of first appearance. Contract columns take the
   * contract's type; any other column must have one type across the files, else the file that
   * differs is bad (Spark would fail on it mid-read).
   */
  private static final class SchemaUnion {
    private final Map<String, InputColumn> contract = new LinkedHashMap<>();
    private final Map<String, StructField> fields = new LinkedHashMap<>();
    private final Map<String, String> firstSeenIn = new LinkedHashMap<>();

    SchemaUnion(Lake lake) {
      InputSchemas.columns(lake).forEach(c -> contract.put(c.name(), c));
    }

    Optional<String> add(ParquetFileCheck.Result result) {
      List<StructField> fresh = new ArrayList<>();
      for (StructField field : result.schema().fields()) {
        InputColumn column = contract.get(field.name());
        StructField typed =
            column == null
                ? field
                : new StructField(field.name(), column.type(), true, field.metadata());
        StructField known = fields.get(field.name());
        if (known == null) {
          fresh.add(typed);
        } else if (!sameType(known.dataType(), typed.dataType())) {
          return Optional.of(
              "column '"
                  + field.name()
                  + "' is "
                  + typed.dataType().simpleString()
                  + " here but "
                  + known.dataType().simpleString()
                  + " in "
                  + firstSeenIn.get(field.name()));
        }
      }
      for (StructField field : fresh) {
        fields.put(field.name(), field);
        firstSeenIn.put(field.name(), result.file().getPath().toString());
      }
      return Optional.empty();
    }

    /** Equal types; nullability does not matter (catalogString leaves it out). */
    private static boolean sameType(DataType a, DataType b) {
      return a.catalogString().equals(b.catalogString());
    }

    StructType schema() {
      return new StructType(fields.values().toArray(StructField[]::new));
    }
  }
}
