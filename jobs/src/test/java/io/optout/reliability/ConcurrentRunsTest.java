package io.optout.reliability;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.export.ExportJob;
import io.optout.export.ExportPeriod;
import io.optout.export.ExportRequest;
import io.optout.export.ExportResult;
import io.optout.pipeline.PipelineJob;
import io.optout.pipeline.RunRecord;
import io.optout.pipeline.RunWindow;
import io.optout.schema.Columns;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import io.optout.warehouse.DeltaWarehouse;
import io.optout.warehouse.RunLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipeline runs at once in one JVM (threads on the shared session), and exports while a run
 * commits. The scheduler contract (docs/reliability.md) is one run at a time; when it is broken,
 * the warehouse run lease ({@link RunLease}) makes a run on a disjoint window wait for the other's
 * commits and a run on an overlapping one fail before its first commit.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentRunsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-04-02T06:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate AS_OF = LocalDate.parse("2024-04-01");

  private static Object[] optOut(String user, String time) {
    return new Object[] {
      "a1", user, "x-" + user, null, "push", "opt_out", ts(time), "settings", "ios"
    };
  }

  private static LakeFixture lake(SparkSession spark, Path dir) {
    return new LakeFixture(spark, dir)
        .append(
            Lake.CONSENT,
            optOut("u1", "2024-03-02T10:00:00Z"),
            optOut("u2", "2024-03-12T10:00:00Z"),
            optOut("u3", "2024-03-22T10:00:00Z"),
            optOut("u4", "2024-03-28T10:00:00Z"))
        .ensureAllLakes();
  }

  private LakeFixture firstRun;

  /** The lake and a warehouse holding one run over March, which creates every table; copied. */
  @BeforeAll
  void lakeWithOneRun(SparkSession spark, @TempDir Path dir) {
    firstRun = lake(spark, dir);
    new PipelineJob(spark, firstRun.config(), CLOCK).run(window("2024-03-01", "2024-03-31"));
  }

  private static RunWindow window(String from, String to) {
    return RunWindow.range(LocalDate.parse(from), LocalDate.parse(to), AS_OF, ZoneOffset.UTC);
  }

  /** Runs both windows at the same moment; each outcome is a record or the failure. */
  private static List<Object> together(
      SparkSession spark, OptoutConfig config, RunWindow... windows) {
    ExecutorService pool = Executors.newFixedThreadPool(windows.length);
    CountDownLatch ready = new CountDownLatch(windows.length);
    try {
      List<CompletableFuture<Object>> runs = new ArrayList<>();
      for (RunWindow window : windows) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  ready.countDown();
                  try {
                    ready.await();
                    return new PipelineJob(spark, config, CLOCK).run(window);
                  } catch (OptoutException e) {
                    return e;
                  } catch (InterruptedException e) {
                    throw new CompletionException(e);
                  }
                },
                pool));
      }
      return runs.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> factUsers(SparkSession spark, LakeFixture lake, Long version) {
    var reader = spark.read().format("delta");
    if (version != null) {
      reader = reader.option("versionAsOf", version);
    }
    return reader
        .load(FactsTable.SPEC.location(lake.warehouse()))
        .select(Columns.USER_ID)
        .orderBy(Columns.USER_ID)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void disjointWindowsBothSucceedAndOverlappingOnesNeverMixATable(
      SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = firstRun.copyTo(dir);
    OptoutConfig config = lake.config();
    lake.append(
        Lake.CONSENT, optOut("u5", "2024-03-05T10:00:00Z"), optOut("u6", "2024-03-25T10:00:00Z"));

    List<Object> disjoint =
        together(
            spark, config, window("2024-03-01", "2024-03-10"), window("2024-03-20", "2024-03-31"));
    for (Object outcome : disjoint) {
      assertInstanceOf(RunRecord.class, outcome, "disjoint windows both succeed: " + outcome);
    }
    // every run committed at once, or waited for the other's lease: both windows are there
    assertEquals(List.of("u1", "u2", "u3", "u4", "u5", "u6"), factUsers(spark, lake, null));

    lake.append(Lake.CONSENT, optOut("u7", "2024-03-15T10:00:00Z"));
    List<Object> overlapping =
        together(
            spark, config, window("2024-03-01", "2024-03-20"), window("2024-03-10", "2024-03-31"));
    List<RunRecord> succeeded = new ArrayList<>();
    for (Object outcome : overlapping) {
      if (outcome instanceof RunRecord record) {
        succeeded.add(record);
        // the versions a succeeded run recorded hold its window's rows, whatever the other run did
        assertEquals(
            List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7"),
            factUsers(spark, lake, record.tableVersions().get(FactsTable.NAME)));
      }
    }
    assertFalse(
        succeeded.isEmpty(), "at least one of two overlapping runs succeeds: " + overlapping);
    for (Object outcome : overlapping) {
      if (outcome instanceof OptoutException failure) {
        // the loser met the winner's lease before its first commit
        String message = failure.getMessage();
        assertTrue(
            message.contains("run " + succeeded.get(0).runId() + " (opt-out dates 2024-03-"),
            message);
        assertTrue(
            message.contains("holds the warehouse run lease and commits to the same partitions"),
            message);
        assertTrue(message.contains("failed, no table changed"), message);
        assertFalse(message.contains("\n"), message);
      }
    }
    assertEquals(List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7"), factUsers(spark, lake, null));
    assertFalse(
        Files.exists(Path.of(lake.warehouse(), RunLease.FILE)), "both runs gave the lease back");
    System.out.println("overlapping runs: " + succeeded.size() + " of 2 succeeded");
  }

  @Test
  void exportsWhileARunCommitsReadVersionsOfOneSucceededRun(SparkSession spark, @TempDir Path dir)
      throws Exception {
    LakeFixture lake = firstRun.copyTo(dir);
    OptoutConfig config = lake.config();
    lake.append(Lake.CONSENT, optOut("u5", "2024-03-05T10:00:00Z"));

    CompletableFuture<RunRecord> run =
        CompletableFuture.supplyAsync(
            () -> new PipelineJob(spark, config, CLOCK).run(window("2024-03-01", "2024-03-31")));
    List<ExportResult> exports = new ArrayList<>();
    int n = 0;
    do {
      ExportPeriod period =
          ExportPeriod.between(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"), AS_OF);
      exports.add(
          new ExportJob(spark, config, CLOCK)
              .run(ExportRequest.csv(period, dir.resolve("export-" + n++).toString(), List.of())));
    } while (!run.isDone());
    run.join();

    Set<List<Long>> pairs =
        new DeltaWarehouse(spark, lake.warehouse())
                .read(RunsTable.SPEC)
                .where(col(Columns.STATUS).equalTo(RunsTable.SUCCEEDED))
                .select(Columns.TABLE_VERSIONS)
                .collectAsList()
                .stream()
                .map(r -> r.<String, Long>getJavaMap(0))
                .map(m -> List.of(m.get(FactsTable.NAME), m.get(ConsentStateTable.NAME)))
                .collect(Collectors.toSet());
    for (ExportResult export : exports) {
      assertTrue(
          pairs.contains(List.of(export.factsVersion(), export.consentStateVersion())),
          "export read facts "
              + export.factsVersion()
              + " with consent state "
              + export.consentStateVersion()
              + "; runs wrote "
              + pairs);
    }
    System.out.println("exports during the run: " + exports.size());
  }
}
