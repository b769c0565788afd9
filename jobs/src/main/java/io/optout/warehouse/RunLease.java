package io.optout.warehouse;

import io.optout.OptoutException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's run lease: at most one pipeline run commits to a warehouse at a time. A run takes
 * it before its first table commit and gives it back after its last (its final optout_runs row, or
 * the rollback of a failed run), so commits and rollbacks of two runs never interleave
 * (docs/reliability.md).
 *
 * <p>The lease is the file {@value #FILE} under the warehouse root, created only when it does not
 * exist (Hadoop {@code create(path, overwrite=false)}: one atomic namenode operation on HDFS; on
 * the local file system an exclusive {@code CREATE_NEW}; on S3 not guaranteed, see
 * docs/reliability.md). It names the holder (run id, host, pid, the opt-out dates it commits) and
 * its holder rewrites it every {@link Settings#heartbeat()}. A run that finds the lease held
 *
 * <ul>
 *   <li>by a run whose window overlaps its own fails at once, in one line naming that run (it is
 *       replacing the same partitions; this run wrote nothing and is rerun after it);
 *   <li>by a run on a disjoint window waits for it, up to {@link Settings#maxWait()};
 *   <li>by a dead run takes it over: a holder on this host whose process is gone, or any holder
 *       whose lease was not rewritten for {@link Settings#expiry()} (a SIGKILLed run on another
 *       machine).
 * </ul>
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  /** The lease file under the warehouse root. */
  public static final String FILE = "_optout_run.lock";

  /** How often the holder rewrites the lease, how long without a rewrite makes it stale. */
  public record Settings(Duration heartbeat, Duration expiry, Duration maxWait, Duration poll) {
    /** Rewritten every 20 s, stale after 2 minutes without, a disjoint run waits 30 minutes. */
    public static final Settings DEFAULT =
        new Settings(
            Duration.ofSeconds(20),
            Duration.ofMinutes(2),
            Duration.ofMinutes(30),
            Duration.ofSeconds(1));
  }

  /** What a lease file says about its holder. */
  public record Holder(
      String runId,
      String host,
      long pid,
      Optional<Instant> processStart,
      LocalDate from,
      LocalDate to,
      Instant since) {
    boolean overlaps(LocalDate otherFrom, LocalDate otherTo) {
      return !from.isAfter(otherTo) && !otherFrom.isAfter(to);
    }

    String describe() {
      return "run "
          + runId
          + " (opt-out dates "
          + from
          + ".."
          + to
          + ", host "
          + host
          + ", pid "
          + pid
          + ", since "
          + since
          + ")";
    }
  }

  private static final String HOST = localHost();

  private final FileSystem fs;
  private final Path file;
  private final Holder self;
  private final Settings settings;
  private final Clock clock;
  private ScheduledExecutorService heartbeat;
  private volatile boolean lost;

  /** The lease of run {@code runId} committing the opt-out dates [from, to]. */
  public RunLease(DeltaWarehouse warehouse, String runId, LocalDate from, LocalDate to) {
    this(
        warehouse.hadoopConfiguration(),
        warehouse.root(),
        runId,
        from,
        to,
        Settings.DEFAULT,
        Clock.systemUTC());
  }

  public RunLease(
      Configuration hadoop,
      String warehouseRoot,
      String runId,
      LocalDate from,
      LocalDate to,
      Settings settings,
      Clock clock) {
    this.file = new Path(warehouseRoot, FILE);
    this.fs = rawFileSystem(file, hadoop);
    this.settings = settings;
    this.clock = clock;
    ProcessHandle process = ProcessHandle.current();
    this.self =
        new Holder(
            runId, HOST, process.pid(), process.info().startInstant(), from, to, clock.instant());
  }

  /** The lease file's location. */
  public String path() {
    return file.toString();
  }

  /** Whether this run holds the lease now. */
  public synchronized boolean held() {
    return heartbeat != null;
  }

  /** Reads of a lease caught mid-rewrite before it counts as held by an unknown run. */
  private static final int UNPARSABLE_READS = 20;

  /**
   * Takes the lease, waiting for a run on a disjoint window; does nothing when already held.
   *
   * @throws OptoutException when a live run on an overlapping window holds it, or a disjoint one
   *     held it for longer than {@link Settings#maxWait()}
   */
  public synchronized void acquire() {
    if (heartbeat != null) {
      return;
    }
    Instant deadline = clock.instant().plus(settings.maxWait());
    boolean waiting = false;
    int unparsable = 0;
    try {
      while (true) {
        if (tryCreate()) {
          startHeartbeat();
          LOG.info("run {} took the warehouse run lease {}", self.runId(), file);
          return;
        }
        Optional<Lease> other = read();
        if (other.isEmpty()) {
          continue; // released between our create and our read: try again
        }
        Optional<String> dead = whyDead(other.get());
        if (dead.isPresent()) {
          takeOver(other.get(), dead.get());
          continue;
        }
        Optional<Holder> holder = other.get().holder();
        if (holder.isEmpty() && unparsable++ < UNPARSABLE_READS) {
          // the holder rewrites the file in place at each heartbeat: read it again
          Thread.sleep(settings.poll().toMillis());
          continue;
        }
        unparsable = 0;
        if (holder.isPresent() && holder.get().overlaps(self.from(), self.to())) {
          throw new OptoutException(
              holder.get().describe()
                  + " holds the warehouse run lease and commits to the same partitions (opt-out"
                  + " dates overlapping "
                  + self.from()
                  + ".."
                  + self.to()
                  + "); nothing of this run was written: rerun this window after it finishes ("
                  + clearing(other.get())
                  + ")",
              OptoutException.FAILED);
        }
        if (!clock.instant().isBefore(deadline)) {
          throw new OptoutException(
              holder.map(Holder::describe).orElse("another run")
                  + " has held the warehouse run lease for longer than this run waits ("
                  + settings.maxWait()
                  + "); nothing of this run was written: rerun this window ("
                  + clearing(other.get())
                  + ")",
              OptoutException.FAILED);
        }
        if (!waiting) {
          waiting = true;
          LOG.info(
              "run {}: waiting up to {} for the warehouse run lease held by {}",
              self.runId(),
              settings.maxWait(),
              holder.map(Holder::describe).orElse("another run"));
        }
        Thread.sleep(settings.poll().toMillis());
      }
    } catch (IOException e) {
      throw failure("cannot take", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OptoutException(
          "interrupted while waiting for the warehouse run lease " + file,
          OptoutException.FAILED,
          e);
    }
  }

  /** Fails when the lease was taken over while this run held it (it was judged dead). */
  public void checkHeld() {
    if (lost) {
      throw new OptoutException(
          "run "
              + self.runId()
              + " lost the warehouse run lease "
              + file
              + " (it was deleted, or taken over by another run after "
              + settings.expiry()
              + " without a heartbeat); rerun this window",
          OptoutException.FAILED);
    }
  }

  /** Gives the lease back (when held and still this run's); never throws. */
  @Override
  public synchronized void close() {
    if (heartbeat == null) {
      return;
    }
    // not shutdownNow: an interrupted rewrite could leave a partly written lease
    ScheduledExecutorService beats = heartbeat;
    heartbeat = null;
    beats.shutdown();
    try {
      beats.awaitTermination(settings.heartbeat().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Optional<Holder> now = read().flatMap(Lease::holder);
      if (now.isPresent() && now.get().runId().equals(self.runId())) {
        fs.delete(file, false);
        LOG.info("run {} released the warehouse run lease", self.runId());
      } else {
        LOG.error(
            "run {}: the warehouse run lease {} is no longer this run's ({}), left as it is",
            self.runId(),
            file,
            now.map(Holder::describe).orElse("none"));
      }
    } catch (IOException e) {
      LOG.error(
          "run {} could not release the warehouse run lease {}: {} (it goes stale {} after this"
              + " process ends)",
          self.runId(),
          file,
          e.getMessage(),
          settings.expiry());
    }
  }

  /** The lease file as read: its holder (empty when unreadable, e.g. being rewritten) and age. */
  private record Lease(Optional<Holder> holder, Instant modified, String text) {}

  private boolean tryCreate() throws IOException {
    byte[] content = serialise(self, clock.instant());
    if (fs instanceof RawLocalFileSystem local) {
      // Hadoop's local create(overwrite=false) checks, then opens: not exclusive
      try (OutputStream out =
          Files.newOutputStream(
              local.pathToFile(file).toPath(),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        out.write(content);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (java.nio.file.NoSuchFileException e) {
        fs.mkdirs(file.getParent());
        return tryCreate();
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // some file systems say so with another IOException
      }
      throw e;
    }
  }

  private Optional<Lease> read() throws IOException {
    try {
      FileStatus status = fs.getFileStatus(file);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (InputStream in = fs.open(file)) {
        in.transferTo(bytes);
      }
      String text = bytes.toString(StandardCharsets.UTF_8);
      return Optional.of(
          new Lease(parse(text), Instant.ofEpochMilli(status.getModificationTime()), text));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Why the lease's holder is dead, empty when it may be alive. */
  private Optional<String> whyDead(Lease lease) {
    Duration age = Duration.between(lease.modified(), clock.instant());
    if (age.compareTo(settings.expiry()) > 0) {
      return Optional.of("no heartbeat for " + age.withNanos(0));
    }
    Optional<Holder> holder = lease.holder();
    if (holder.isEmpty() || !holder.get().host().equals(HOST)) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(holder.get().pid());
    if (process.isEmpty() || !process.get().isAlive()) {
      return Optional.of("its process " + holder.get().pid() + " on this host has ended");
    }
    Optional<Instant> started = process.get().info().startInstant();
    if (holder.get().processStart().isPresent()
        && started.isPresent()
        && !holder.get().processStart().get().equals(started.get())) {
      return Optional.of("its process " + holder.get().pid() + " on this host has ended");
    }
    return Optional.empty();
  }

  /**
   * Moves a dead holder's lease aside (one rename: of two runs taking it over, one succeeds), then
   * removes it. When what was moved is not the lease judged dead (it was replaced meanwhile), it is
   * put back.
   */
  private void takeOver(Lease dead, String why) throws IOException {
    Path aside = new Path(file.getParent(), FILE + ".stale." + self.runId());
    try {
      if (!fs.rename(file, aside)) {
        return; // someone else moved or released it first
      }
    } catch (FileNotFoundException e) {
      return;
    }
    Optional<Lease> moved = readAt(aside);
    if (moved.isPresent() && !moved.get().text().equals(dead.text())) {
      fs.rename(aside, file);
      return;
    }
    fs.delete(aside, false);
    LOG.warn(
        "run {} took over the warehouse run lease of {}: {}",
        self.runId(),
        dead.holder().map(Holder::describe).orElse("an unreadable lease"),
        why);
  }

  private Optional<Lease> readAt(Path path) throws IOException {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (InputStream in = fs.open(path)) {
        in.transferTo(bytes);
      }
      String text = bytes.toString(StandardCharsets.UTF_8);
      return Optional.of(new Lease(parse(text), Instant.EPOCH, text));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  private void startHeartbeat() {
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "optout-lease-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long every = settings.heartbeat().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Rewrites the lease while it is still this run's. */
  private void beat() {
    if (lost) {
      return; // never rewrite a lease another run holds now
    }
    try {
      Optional<Lease> now = read();
      Optional<Holder> holder = now.flatMap(Lease::holder);
      if (now.isEmpty() || holder.filter(h -> !h.runId().equals(self.runId())).isPresent()) {
        lost = true;
        LOG.error(
            "run {}: the warehouse run lease {} was {}",
            self.runId(),
            file,
            holder.map(h -> "taken over by " + h.describe()).orElse("deleted"));
        return;
      }
      if (holder.isEmpty()) {
        return; // being written by someone else: look again at the next beat
      }
      rewrite(serialise(self, clock.instant()));
    } catch (IOException e) {
      LOG.warn(
          "run {}: heartbeat of the warehouse run lease failed: {}", self.runId(), e.getMessage());
    }
  }

  /**
   * Replaces the lease's content in one step where the file system can (a local rename), so a
   * reader never sees it half written; elsewhere in place (S3 writes an object whole on close).
   */
  private void rewrite(byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      java.nio.file.Path target = local.pathToFile(file).toPath();
      java.nio.file.Path temp = target.resolveSibling("." + FILE + "." + self.runId() + ".tmp");
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  private String clearing(Lease lease) {
    return "a dead run's lease is taken over "
        + settings.expiry()
        + " after its last heartbeat, at once when its process on the same host is gone; to clear"
        + " it now, delete "
        + file
        + " (last rewritten "
        + lease.modified()
        + ")";
  }

  private static byte[] serialise(Holder holder, Instant heartbeat) {
    Properties p = new Properties();
    p.setProperty("run_id", holder.runId());
    p.setProperty("host", holder.host());
    p.setProperty("pid", Long.toString(holder.pid()));
    holder.processStart().ifPresent(s -> p.setProperty("process_start", s.toString()));
    p.setProperty("from", holder.from().toString());
    p.setProperty("to", holder.to().toString());
    p.setProperty("since", holder.since().toString());
    p.setProperty("heartbeat", heartbeat.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      p.store(out, "optout pipeline run lease (docs/reliability.md)");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory
    }
    return out.toByteArray();
  }

  /** The holder a lease file names; empty when the file is partly written or not a lease. */
  static Optional<Holder> parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      String start = p.getProperty("process_start");
      return Optional.of(
          new Holder(
              required(p, "run_id"),
              required(p, "host"),
              Long.parseLong(required(p, "pid")),
              start == null ? Optional.empty() : Optional.of(Instant.parse(start)),
              LocalDate.parse(required(p, "from")),
              LocalDate.parse(required(p, "to")),
              Instant.parse(required(p, "since"))));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }

  /** The local file system without its checksum files; any other as it is. */
  private static FileSystem rawFileSystem(Path path, Configuration hadoop) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    } catch (IOException e) {
      throw new OptoutException(
          "cannot open the warehouse run lease " + path + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
  }

  private OptoutException failure(String what, IOException e) {
    return new OptoutException(
        what + " the warehouse run lease " + file + ": " + e.getMessage(),
        OptoutException.FAILED,
        e);
  }

  /** The host name leases are taken with. */
  static String host() {
    return HOST;
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown-host" : env;
    }
  }
}
