package io.optout.export;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.config.OptoutConfig;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.OptedOutUsersTable;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.RunVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The export job: pins the Delta versions to read (those the latest succeeded run recorded in
 * optout_runs, else the latest, or the one asked for), reads optout_facts and optout_consent_state
 * from the warehouse, calls {@link OptedOutUsers} and writes the sorted rows plus {@code
 * _manifest.json} into a temporary sibling of --out that is renamed into place at the end.
 */
public final class ExportJob {
  /** The tables an export reads, as one set: at the versions of the latest succeeded run. */
  private static final List<String> CONSISTENT_SET =
      List.of(FactsTable.NAME, ConsentStateTable.NAME);

  /** Rows kept for the console preview. */
  public static final int PREVIEW_ROWS = 10;

  /**
   * Called with the temp folder once the data file is written, before the manifest: a test seam.
   */
  @FunctionalInterface
  interface BeforePublish {
    void accept(Path temp) throws IOException;
  }

  private final SparkSession spark;
  private final OptoutConfig config;
  private final Clock clock;
  private final BeforePublish beforePublish;

  public ExportJob(SparkSession spark, OptoutConfig config) {
    this(spark, config, Clock.systemUTC());
  }

  /** The clock gives the manifest's created_at. */
  public ExportJob(SparkSession spark, OptoutConfig config, Clock clock) {
    this(spark, config, clock, temp -> {});
  }

  ExportJob(SparkSession spark, OptoutConfig config, Clock clock, BeforePublish beforePublish) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.beforePublish = beforePublish;
  }

  public ExportResult run(ExportRequest request) {
    try (ExportFolder folder =
        new ExportFolder(spark.sparkContext().hadoopConfiguration(), request.out())) {
      folder.checkReplaceable(request.overwrite());
      String factsPath = requireTable(FactsTable.NAME);
      String statePath = requireTable(ConsentStateTable.NAME);
      Optional<Map<String, Long>> lastRun =
          request.factsVersion().isPresent()
              ? Optional.empty()
              : RunVersions.latestSucceeded(
                  spark, new DeltaWarehouse(spark, config.warehouse()), CONSISTENT_SET);
      TableVersion facts;
      TableVersion state;
      if (lastRun.isPresent()) {
        // one consistent pair even while a run commits, or after one died between its commits
        facts =
            DeltaVersions.at(
                DeltaVersions.history(spark, factsPath),
                lastRun.get().get(FactsTable.NAME),
                FactsTable.NAME);
        state =
            DeltaVersions.at(
                DeltaVersions.history(spark, statePath),
                lastRun.get().get(ConsentStateTable.NAME),
                ConsentStateTable.NAME);
      } else {
        facts =
            DeltaVersions.facts(
                DeltaVersions.history(spark, factsPath), request.factsVersion(), FactsTable.NAME);
        state = consentStateVersion(statePath, facts, request);
      }
      Dataset<Row> rows =
          OptedOutUsers.of(
              read(factsPath, facts), read(statePath, state), request.period(), request.filters());
      return write(folder, request, rows, facts, state);
    } catch (IOException e) {
      throw new OptoutException(
          "export to " + request.out() + " failed: " + e.getMessage(), OptoutException.FAILED, e);
    }
  }

  /** Latest state for a fresh export; for --table-version the state as of that facts commit. */
  private TableVersion consentStateVersion(String path, TableVersion facts, ExportRequest request) {
    List<TableVersion> history = DeltaVersions.history(spark, path);
    return request.factsVersion().isPresent()
        ? DeltaVersions.consentStateFor(history, facts)
        : history.get(history.size() - 1);
  }

  private String requireTable(String name) throws IOException {
    Path warehouse = new Path(config.warehouse());
    FileSystem fs = warehouse.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(warehouse)) {
      throw OptoutException.usage(
          "warehouse "
              + config.warehouse()
              + " does not exist (optout.warehouse or OPTOUT_WAREHOUSE); "
              + "run the pipeline first ('optout run')");
    }
    String table =
        io.optout.schema.TableLocations.of(
            io.optout.schema.TableLocations.qualified(
                spark.sparkContext().hadoopConfiguration(), config.warehouse()),
            name);
    if (!DeltaTable.isDeltaTable(spark, table)) {
      throw OptoutException.usage(
          "no Delta table " + name + " at " + table + "; run the pipeline first ('optout run')");
    }
    return table;
  }

  private Dataset<Row> read(String path, TableVersion version) {
    return spark.read().format("delta").option("versionAsOf", version.version()).load(path);
  }

  private ExportResult write(
      ExportFolder folder,
      ExportRequest request,
      Dataset<Row> rows,
      TableVersion facts,
      TableVersion state)
      throws IOException {
    Path temp = folder.createTemp();
    try {
      String fileName = OptedOutUsersTable.NAME + "." + request.format().extension();
      Path dataFile = new Path(temp, fileName);
      Written written =
          request.format() == ExportFormat.CSV
              ? writeCsv(folder.fileSystem(), dataFile, rows)
              : writeParquet(folder.fileSystem(), temp, dataFile, rows);
      beforePublish.accept(temp);
      ExportManifest manifest =
          new ExportManifest(
              request,
              fileName,
              config.timezone(),
              written.rowCount(),
              facts,
              state,
              clock.instant().truncatedTo(ChronoUnit.MILLIS));
      try (OutputStream out =
          folder.fileSystem().create(new Path(temp, ExportFolder.MANIFEST), false)) {
        manifest.writeTo(out);
      }
      folder.restrictLocal(temp);
      folder.publish(temp, request.overwrite());
      return new ExportResult(
          folder.displayPath(),
          request.format(),
          request.period(),
          request.filters(),
          written.rowCount(),
          facts.version(),
          state.version(),
          OptedOutUsersTable.SPEC.columnNames(),
          written.firstRows());
    } catch (IOException | RuntimeException e) {
      folder.discard(temp);
      throw e;
    }
  }

  private record Written(long rowCount, List<List<String>> firstRows) {}

  /** Streams the sorted rows to the driver partition by partition and writes one CSV file. */
  private static Written writeCsv(FileSystem fs, Path file, Dataset<Row> rows) throws IOException {
    long count = 0;
    List<List<String>> preview = new ArrayList<>();
    try (CsvWriter csv = new CsvWriter(fs.create(file, false))) {
      csv.writeRecord(OptedOutUsersTable.SPEC.columnNames());
      Iterator<Row> it = rows.toLocalIterator();
      while (it.hasNext()) {
        List<String> record = cells(it.next());
        csv.writeRecord(record);
        if (preview.size() < PREVIEW_ROWS) {
          preview.add(record);
        }
        count++;
      }
    }
    return new Written(count, preview);
  }

  /**
   * Spark writes one part file (one partition, sorted) into a scratch folder inside the temp
   * folder; it is renamed to the fixed file name and the scratch folder (_SUCCESS, .crc) dropped.
   */
  private Written writeParquet(FileSystem fs, Path temp, Path file, Dataset<Row> rows)
      throws IOException {
    Path scratch = new Path(temp, "_spark");
    rows.repartition(1)
        .sortWithinPartitions(OptedOutUsers.order())
        .write()
        .parquet(scratch.toString());
    FileStatus[] parts = fs.globStatus(new Path(scratch, "part-*"));
    if (parts == null || parts.length != 1) {
      throw new IOException(
          "expected one Parquet part file in "
              + scratch
              + ", found "
              + (parts == null ? 0 : parts.length));
    }
    if (!fs.rename(parts[0].getPath(), file)) {
      throw new IOException("cannot rename " + parts[0].getPath() + " to " + file);
    }
    fs.delete(scratch, true);
    Dataset<Row> written = spark.read().parquet(file.toString());
    List<List<String>> preview =
        written.limit(PREVIEW_ROWS).collectAsList().stream().map(ExportJob::cells).toList();
    return new Written(written.count(), preview);
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      cells.add(CsvWriter.text(row.get(i)));
    }
    return cells;
  }
}
