package io.optout.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse run lease on the local file system, without Spark. */
class RunLeaseTest {
  private static final RunLease.Settings FAST =
      new RunLease.Settings(
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofSeconds(20),
          Duration.ofMillis(20));

  @TempDir Path dir;

  private RunLease lease(String runId, String from, String to, RunLease.Settings settings) {
    return new RunLease(
        new Configuration(),
        dir.toUri().toString(),
        runId,
        LocalDate.parse(from),
        LocalDate.parse(to),
        settings,
        Clock.systemUTC());
  }

  private RunLease lease(String runId, String from, String to) {
    return lease(runId, from, to, FAST);
  }

  private Path file() {
    return dir.resolve(RunLease.FILE);
  }

  private String holderOfFile() throws IOException {
    return RunLease.parse(Files.readString(file())).orElseThrow().runId();
  }

  /** A lease file as another process wrote it. */
  private void foreignLease(String runId, String host, long pid, Instant modified)
      throws IOException {
    Files.writeString(
        file(),
        "run_id="
            + runId
            + "\nhost="
            + host
            + "\npid="
            + pid
            + "\nfrom=2024-03-01\nto=2024-03-31\nsince=2024-04-02T06\\:00\\:00Z\n"
            + "heartbeat=2024-04-02T06\\:00\\:00Z\n");
    assertTrue(file().toFile().setLastModified(modified.toEpochMilli()));
  }

  @Test
  void aLiveLeaseOnAnOverlappingWindowIsRefusedInOneLineNamingItsHolder() throws IOException {
    try (RunLease first = lease("run-a", "2024-03-01", "2024-03-20")) {
      first.acquire();
      assertTrue(first.held());
      RunLease second = lease("run-b", "2024-03-10", "2024-03-31");
      long start = System.nanoTime();
      OptoutException refused = assertThrows(OptoutException.class, second::acquire);
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "refused without waiting");
      String message = refused.getMessage();
      assertTrue(message.startsWith("run run-a (opt-out dates 2024-03-01..2024-03-20"), message);
      assertTrue(message.contains("commits to the same partitions"), message);
      assertTrue(message.contains("delete " + first.path()), message);
      assertFalse(message.contains("\n"), message);
      assertEquals(OptoutException.FAILED, refused.exitCode());
      assertFalse(second.held());
      assertEquals("run-a", holderOfFile(), "the holder keeps its lease");
    }
  }

  @Test
  void aRunOnADisjointWindowWaitsForTheLeaseThenTakesIt() throws Exception {
    // a long expiry: the second run gets the lease because it was given back, not by taking it over
    RunLease.Settings patient =
        new RunLease.Settings(
            FAST.heartbeat(), Duration.ofMinutes(1), Duration.ofMinutes(1), FAST.poll());
    RunLease first = lease("run-a", "2024-03-01", "2024-03-10", patient);
    first.acquire();
    RunLease second = lease("run-b", "2024-03-20", "2024-03-31", patient);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(second::acquire);
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "waits while the disjoint run holds the lease");
    first.close();
    waiting.get(10, TimeUnit.SECONDS);
    assertTrue(second.held());
    assertEquals("run-b", holderOfFile());
    second.close();
  }

  @Test
  void aWaitIsBounded() {
    try (RunLease first = lease("run-a", "2024-03-01", "2024-03-10")) {
      first.acquire();
      RunLease second =
          lease(
              "run-b",
              "2024-03-20",
              "2024-03-31",
              new RunLease.Settings(
                  FAST.heartbeat(), FAST.expiry(), Duration.ofMillis(300), FAST.poll()));
      String message = assertThrows(OptoutException.class, second::acquire).getMessage();
      assertTrue(message.startsWith("run run-a "), message);
      assertTrue(message.contains("longer than this run waits (PT0.3S)"), message);
    }
  }

  @Test
  void theHeartbeatKeepsALeaseLivePastItsExpiry() throws Exception {
    try (RunLease first = lease("run-a", "2024-03-01", "2024-03-31")) {
      first.acquire();
      Thread.sleep(FAST.expiry().toMillis() + 1000);
      assertThrows(OptoutException.class, lease("run-b", "2024-03-01", "2024-03-31")::acquire);
      assertEquals("run-a", holderOfFile());
    }
  }

  @Test
  void aLeaseWithoutAHeartbeatForLongerThanItsExpiryIsTakenOver() throws IOException {
    foreignLease("run-dead", "another-host", 1, Instant.now().minus(Duration.ofMinutes(10)));
    try (RunLease next = lease("run-b", "2024-03-01", "2024-03-31")) {
      next.acquire();
      assertEquals("run-b", holderOfFile());
    }
    assertFalse(Files.exists(file()), "released");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing left over (no checksum files, no moved lease)");
    }
  }

  @Test
  void aFreshLeaseOfAnotherHostIsLive() throws IOException {
    foreignLease("run-elsewhere", "another-host", 1, Instant.now());
    String message =
        assertThrows(OptoutException.class, lease("run-b", "2024-03-05", "2024-03-06")::acquire)
            .getMessage();
    assertTrue(message.startsWith("run run-elsewhere (opt-out dates"), message);
    assertEquals("run-elsewhere", holderOfFile());
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatHasEndedIsTakenOverAtOnce() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    assertEquals(0, ended.waitFor());
    foreignLease("run-killed", RunLease.host(), ended.pid(), Instant.now());
    try (RunLease next = lease("run-b", "2024-03-01", "2024-03-31")) {
      next.acquire();
      assertEquals("run-b", holderOfFile());
    }
  }

  @Test
  void theLeaseIsGivenBackWhenItsHolderSucceedsOrFails() {
    try (RunLease run = lease("run-a", "2024-03-01", "2024-03-31")) {
      run.acquire();
    }
    assertFalse(Files.exists(file()), "released after success");

    RunLease failing = lease("run-b", "2024-03-01", "2024-03-31");
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (failing) {
            failing.acquire();
            throw new IllegalStateException("the run failed");
          }
        });
    assertFalse(Files.exists(file()), "released after a failure");
    assertFalse(failing.held());

    try (RunLease again = lease("run-c", "2024-03-01", "2024-03-31")) {
      again.acquire();
      assertTrue(again.held(), "the next run takes it at once");
    }
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverNoticesAndLeavesTheNewLeaseAlone() throws Exception {
    RunLease slow = lease("run-slow", "2024-03-01", "2024-03-31");
    slow.acquire();
    // as if another run judged it dead and took the lease over
    foreignLease("run-new", "another-host", 1, Instant.now());
    Thread.sleep(500);
    String message = assertThrows(OptoutException.class, slow::checkHeld).getMessage();
    assertTrue(message.contains("lost the warehouse run lease"), message);
    slow.close();
    assertEquals("run-new", holderOfFile(), "not deleted, not rewritten");
  }
}
