package io.optout.pipeline;

import io.optout.lake.BadFile;
import io.optout.lake.LakeIntake;
import io.optout.schema.tables.RunsTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * One row of optout_runs: what a run read, used, rejected and wrote, and how it ended. A run writes
 * two rows with the same run id: {@link #started} before it reads anything, then the final one.
 */
public record RunRecord(
    String runId,
    String job,
    String status,
    RunWindow window,
    Map<String, Long> rowsRead,
    Map<String, Long> rowsUsed,
    Map<String, Long> rowsRejected,
    Map<String, Long> rowsDuplicate,
    Map<String, Long> rowsWritten,
    Instant startedAt,
    Instant finishedAt,
    String error,
    Map<String, Long> tableVersions,
    Map<String, Long> phaseMillis,
    Map<String, Long> phaseShuffleBytes,
    List<String> skippedFiles,
    String workKey,
    Long txnVersion) {

  public RunRecord {
    skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
  }

  public static RunRecord of(
      String runId,
      String job,
      RunWindow window,
      Collection<LakeIntake> intakes,
      Map<String, Long> written,
      Instant startedAt,
      Instant finishedAt,
      String error) {
    return of(runId, job, window, intakes, written, Map.of(), startedAt, finishedAt, error);
  }

  /** The final row; {@code versions}: the Delta version each table was committed at by this run. */
  public static RunRecord of(
      String runId,
      String job,
      RunWindow window,
      Collection<LakeIntake> intakes,
      Map<String, Long> written,
      Map<String, Long> versions,
      Instant startedAt,
      Instant finishedAt,
      String error) {
    return new RunRecord(
        runId,
        job,
        error == null ? RunsTable.SUCCEEDED : RunsTable.FAILED,
        window,
        perLake(intakes, LakeIntake::rowsRead),
        perLake(intakes, LakeIntake::rowsUsed),
        perLake(intakes, LakeIntake::rowsRejected),
        perLake(intakes, LakeIntake::rowsDuplicate),
        written,
        startedAt,
        finishedAt,
        error,
        versions,
        Map.of(),
        Map.of(),
        List.of(),
        null,
        null);
  }

  /** The row written when a run starts: no counts yet, no end. */
  public static RunRecord started(String runId, String job, RunWindow window, Instant startedAt) {
    return new RunRecord(
        runId,
        job,
        RunsTable.STARTED,
        window,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        startedAt,
        null,
        null,
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        null,
        null);
  }

  /** The same record with where the run's time and shuffle went, phase by phase. */
  public RunRecord withPhases(Map<String, Long> millis, Map<String, Long> shuffleBytes) {
    return withDetails(millis, shuffleBytes, skippedFiles, workKey, txnVersion);
  }

  /** The same record listing the input files and folders the run left out. */
  public RunRecord withSkippedFiles(List<BadFile> skipped) {
    return withDetails(
        phaseMillis,
        phaseShuffleBytes,
        skipped.stream().map(BadFile::describe).toList(),
        workKey,
        txnVersion);
  }

  /** The same record naming a nightly run's work and the Delta txnVersion of its writes. */
  public RunRecord withWork(String key, long version) {
    return withDetails(phaseMillis, phaseShuffleBytes, skippedFiles, key, version);
  }

  private RunRecord withDetails(
      Map<String, Long> millis,
      Map<String, Long> shuffleBytes,
      List<String> skipped,
      String key,
      Long version) {
    return new RunRecord(
        runId,
        job,
        status,
        window,
        rowsRead,
        rowsUsed,
        rowsRejected,
        rowsDuplicate,
        rowsWritten,
        startedAt,
        finishedAt,
        error,
        tableVersions,
        millis,
        shuffleBytes,
        skipped,
        key,
        version);
  }

  private static Map<String, Long> perLake(
      Collection<LakeIntake> intakes, ToLongFunction<LakeIntake> count) {
    Map<String, Long> out = new LinkedHashMap<>();
    intakes.forEach(i -> out.put(i.lake().key(), count.applyAsLong(i)));
    return out;
  }

  public Dataset<Row> toFrame(SparkSession spark) {
    Row row =
        RowFactory.create(
            runId,
            job,
            status,
            date(window.from()),
            date(window.to()),
            date(window.asOf()),
            scalaMap(rowsRead),
            scalaMap(rowsUsed),
            scalaMap(rowsRejected),
            scalaMap(rowsDuplicate),
            scalaMap(rowsWritten),
            Timestamp.from(startedAt),
            finishedAt == null ? null : Timestamp.from(finishedAt),
            error,
            Date.valueOf(LocalDate.ofInstant(startedAt, ZoneOffset.UTC)),
            scalaMap(phaseMillis),
            scalaMap(phaseShuffleBytes),
            scala.collection.JavaConverters.asScalaBuffer(skippedFiles).toList(),
            scalaMap(tableVersions),
            workKey,
            txnVersion);
    return spark.createDataFrame(List.of(row), RunsTable.SPEC.schema());
  }

  private static Date date(LocalDate d) {
    return Date.valueOf(d);
  }

  private static scala.collection.Map<String, Long> scalaMap(Map<String, Long> map) {
    return scala.collection.JavaConverters.mapAsScalaMap(new LinkedHashMap<>(map));
  }
}
