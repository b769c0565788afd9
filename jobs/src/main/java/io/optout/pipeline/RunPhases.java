package io.optout.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's time goes: the wall-clock duration of each named phase (reading and checking a
 * lake, a metric, a table write) and the bytes its Spark jobs shuffled. Phases may run in parallel
 * threads: each Spark job is attributed to the phase of the thread that started it (Spark's
 * thread-local job group), so the bytes stay exact.
 */
public final class RunPhases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunPhases.class);
  private static final String PHASE_PROPERTY = "optout.phase";
  private static final long LISTENER_DRAIN_MILLIS = 10_000;

  private final SparkContext spark;
  private final Map<String, Long> millis = new ConcurrentHashMap<>();
  private final Map<String, Long> order = new ConcurrentHashMap<>();
  private final Map<Integer, String> phaseOfStage = new ConcurrentHashMap<>();
  private final Map<String, Long> shuffleBytes = new ConcurrentHashMap<>();
  private final SparkListener listener = new ShuffleListener();

  public RunPhases(SparkContext spark) {
    this.spark = spark;
    spark.addSparkListener(listener);
  }

  /** Runs {@code work} as the named phase and records its duration. */
  public <T> T time(String phase, Supplier<T> work) {
    String outer = spark.getLocalProperty(PHASE_PROPERTY);
    spark.setLocalProperty(PHASE_PROPERTY, phase);
    order.putIfAbsent(phase, (long) order.size());
    long began = System.nanoTime();
    try {
      return work.get();
    } finally {
      long took = (System.nanoTime() - began) / 1_000_000;
      millis.merge(phase, took, Long::sum);
      spark.setLocalProperty(PHASE_PROPERTY, outer);
      LOG.info("phase {}: {} ms", phase, took);
    }
  }

  public void time(String phase, Runnable work) {
    time(
        phase,
        () -> {
          work.run();
          return null;
        });
  }

  /** Milliseconds per phase, in the order the phases first started. */
  public Map<String, Long> millis() {
    return ordered(millis);
  }

  /** Shuffle bytes written per phase (phases that shuffled nothing are left out). */
  public Map<String, Long> shuffleBytes() {
    // listener events arrive asynchronously: let the bus deliver the last task ends first
    try {
      spark.listenerBus().waitUntilEmpty(LISTENER_DRAIN_MILLIS);
    } catch (TimeoutException e) {
      LOG.warn(
          "shuffle bytes may be incomplete: Spark's listener bus did not drain in {} ms",
          LISTENER_DRAIN_MILLIS);
    }
    return ordered(shuffleBytes);
  }

  private Map<String, Long> ordered(Map<String, Long> values) {
    Map<String, Long> out = new LinkedHashMap<>();
    order.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .filter(values::containsKey)
        .forEach(phase -> out.put(phase, values.get(phase)));
    return out;
  }

  @Override
  public void close() {
    spark.removeSparkListener(listener);
  }

  private final class ShuffleListener extends SparkListener {
    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      String phase =
          jobStart.properties() == null ? null : jobStart.properties().getProperty(PHASE_PROPERTY);
      if (phase == null) {
        return;
      }
      for (StageInfo stage : scala.collection.JavaConverters.seqAsJavaList(jobStart.stageInfos())) {
        phaseOfStage.put(stage.stageId(), phase);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      String phase = phaseOfStage.get(taskEnd.stageId());
      if (phase == null || taskEnd.taskMetrics() == null) {
        return;
      }
      long bytes = taskEnd.taskMetrics().shuffleWriteMetrics().bytesWritten();
      if (bytes > 0) {
        shuffleBytes.merge(phase, bytes, Long::sum);
      }
    }
  }
}
