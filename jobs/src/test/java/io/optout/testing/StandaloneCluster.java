package io.optout.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, as {@code sbin/start-master.sh} and {@code
 * start-worker.sh} would start it: one {@code Master} and N {@code Worker} JVMs (1 core, 1 GB each)
 * on the jars of a SPARK_HOME the build fills ({@code jobs/target/spark-home}). Everything it
 * writes (worker folders, executor logs, Spark scratch) is under one folder; {@link #close()} kills
 * the executors, the workers and the master.
 */
public final class StandaloneCluster implements AutoCloseable {
  public static final String LOOPBACK = "127.0.0.1";
  private static final String DAEMON_HEAP = "-Xmx256m";

  /**
   * Every JVM of the cluster (daemons, drivers, executors) lives for seconds to minutes on tiny
   * data: the C1 compiler alone and the serial collector cost about 40% less CPU than C2 and G1 (a
   * local run of the test's lake: 115 instead of 190 CPU seconds) and change nothing in what Spark
   * computes. Without C2 the JVM reserves a 48 MB code cache, which Spark's generated code fills
   * ("CodeCache is full. Compiler has been disabled"): give it the usual 240 MB.
   */
  private static final List<String> SHORT_LIVED_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path sparkHome;
  private final Path dir;
  private final List<String> javaOptions;
  private final int masterPort;
  private final List<ChildJvm> daemons = new ArrayList<>();
  private final List<Path> workDirs = new ArrayList<>();

  /**
   * Kills the JVMs also when the test JVM is interrupted (Ctrl-C, a build timeout) before close().
   */
  private final Thread killOnExit = new Thread(this::killAll, "standalone-cluster-cleanup");

  private StandaloneCluster(Path sparkHome, Path dir, List<String> javaOptions, int masterPort) {
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.javaOptions = javaOptions;
    this.masterPort = masterPort;
  }

  /**
   * Starts the master and {@code workers} workers without waiting for them ({@link #awaitReady()}
   * does), so a test can do other work while the JVMs come up. {@code javaOptions}: the Java 17
   * module opens Spark needs.
   */
  public static StandaloneCluster launch(
      Path sparkHome, Path dir, List<String> javaOptions, int workers) {
    if (!Files.isRegularFile(sparkHome.resolve("RELEASE"))
        || !Files.isDirectory(sparkHome.resolve("jars"))) {
      throw new IllegalStateException(
          sparkHome + " is not a Spark installation: run `./mvnw verify`, which fills it");
    }
    StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir, javaOptions, freePort());
    Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
    try {
      cluster.startMaster();
      for (int i = 1; i <= workers; i++) {
        cluster.startWorker(i);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void startMaster() {
    daemons.add(
        daemon(
            "master",
            "org.apache.spark.deploy.master.Master",
            List.of(
                "--host", LOOPBACK, "--port", Integer.toString(masterPort), "--webui-port", "0")));
  }

  private void startWorker(int number) {
    Path workDir = folder("worker-" + number);
    workDirs.add(workDir);
    daemons.add(
        daemon(
            "worker-" + number,
            "org.apache.spark.deploy.worker.Worker",
            List.of(
                "--host",
                LOOPBACK,
                "--port",
                "0",
                "--webui-port",
                "0",
                "--cores",
                "1",
                "--memory",
                "1g",
                "--work-dir",
                workDir.toString(),
                masterUrl())));
  }

  private ChildJvm daemon(String name, String mainClass, List<String> args) {
    List<String> options =
        new ArrayList<>(List.of(DAEMON_HEAP, "-Djava.io.tmpdir=" + folder("tmp")));
    options.addAll(SHORT_LIVED_JVM);
    options.addAll(javaOptions);
    return ChildJvm.start(
        name, sparkHome, options, mainClass, args, environment(), dir.resolve(name + ".log"));
  }

  /** Waits until the master leads and every worker has registered with it. */
  public void awaitReady() {
    daemons.get(0).awaitLog("I have been elected leader! New state: ALIVE", START_TIMEOUT);
    for (ChildJvm worker : daemons.subList(1, daemons.size())) {
      worker.awaitLog("Successfully registered with master", START_TIMEOUT);
    }
  }

  /**
   * {@code spark-submit --master spark://127.0.0.1:PORT --deploy-mode client --class <mainClass>
   * <conf> <jar> <args>}, run as {@code bin/spark-submit} does (SparkSubmit on SPARK_HOME/jars/*):
   * the driver in a child JVM on loopback, executors on the workers.
   */
  public ChildJvm submit(
      String name, Path jar, String mainClass, Map<String, String> conf, List<String> args) {
    String jvmOptions =
        String.join(" ", SHORT_LIVED_JVM)
            + " "
            + String.join(" ", javaOptions)
            + " -Duser.timezone=UTC -Djava.io.tmpdir="
            + folder("tmp");
    List<String> submitArgs =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl(),
                "--deploy-mode",
                "client",
                "--name",
                name,
                "--class",
                mainClass));
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("spark.driver.host", LOOPBACK);
    all.put("spark.driver.bindAddress", LOOPBACK);
    all.put("spark.ui.enabled", "false");
    all.put("spark.driver.extraJavaOptions", jvmOptions);
    all.put("spark.executor.extraJavaOptions", jvmOptions);
    all.put("spark.executor.cores", "1");
    all.put("spark.executor.memory", "1g");
    all.putAll(conf);
    all.forEach((key, value) -> submitArgs.addAll(List.of("--conf", key + "=" + value)));
    submitArgs.add(jar.toString());
    submitArgs.addAll(args);
    // in client mode the driver is this JVM itself: spark.driver.extraJavaOptions is for the record
    List<String> driverOptions = new ArrayList<>(List.of("-Xmx1g"));
    driverOptions.addAll(List.of(jvmOptions.split(" ")));
    return ChildJvm.start(
        name,
        sparkHome,
        driverOptions,
        "org.apache.spark.deploy.SparkSubmit",
        submitArgs,
        environment(),
        dir.resolve(name + ".log"));
  }

  public String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /**
   * The environment of every JVM of the cluster, drivers included. The worker builds the executor
   * command from SPARK_HOME: without RELEASE and SPARK_SCALA_VERSION Spark's launcher looks for a
   * source build and fails with "Cannot find any build directories". SPARK_LOCAL_IP keeps every
   * server socket (web UIs too) on loopback; SPARK_LOCAL_DIRS keeps shuffle files in the test
   * folder.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_LOCAL_DIRS", folder("local").toString());
    return env;
  }

  /**
   * The applications that have run executors on this cluster (folder names under the workers' work
   * dirs).
   */
  public List<String> applications() {
    return workDirs.stream()
        .flatMap(StandaloneCluster::children)
        .map(p -> p.getFileName().toString())
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * The log folders of {@code app}'s executors, one per executor a worker launched ({@code
   * <work-dir>/<app>/<executor-id>}).
   */
  public List<Path> executorDirs(String app) {
    return workDirs.stream().flatMap(w -> children(w.resolve(app))).toList();
  }

  /**
   * The live executor JVM {@code executorId} of {@code app}: a child of a worker running
   * CoarseGrainedExecutorBackend.
   */
  public Optional<ProcessHandle> executor(String app, String executorId) {
    return daemons.stream()
        .flatMap(d -> d.handle().descendants())
        .filter(
            p -> {
              String line = p.info().commandLine().orElse("");
              return line.contains("CoarseGrainedExecutorBackend")
                  && line.contains("--app-id " + app)
                  && line.contains("--executor-id " + executorId + " ");
            })
        .findFirst();
  }

  /** Kills every executor, then the workers, then the master. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing left to do
    }
  }

  private void killAll() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }

  /** The daemons' log tails, for failure messages. */
  public String logTails() {
    StringBuilder tails = new StringBuilder();
    daemons.forEach(d -> tails.append(d.tail()).append('\n'));
    return tails.toString();
  }

  private Path folder(String name) {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> children(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Stream.empty();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(Files::isDirectory).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + LOOPBACK, e);
    }
  }
}
