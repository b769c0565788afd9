package io.optout.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a check per table on two threads of its own. Reading a small table is mostly one core's
 * driver work (Delta's log, planning), so two at a time keeps both cores busy.
 *
 * <p>Not a parallel stream: those share the JVM's common fork-join pool, and Hadoop's S3A uses a
 * parallel stream inside Spark tasks (its I/O statistics snapshot). With the pool's threads all
 * waiting for Spark jobs, those tasks spun for ever: the suite hung in {@code S3EndToEndTest}.
 */
public final class TwoAtATime {
  private static final int THREADS = 2;

  private TwoAtATime() {}

  /** {@code f} of every item, in the items' order; the first failure is rethrown as it was. */
  public static <T, R> List<R> map(List<T> items, Function<T, R> f) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<R>> pending = new ArrayList<>();
      for (T item : items) {
        pending.add(pool.submit(() -> f.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> result : pending) {
        results.add(await(result));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code check} of every item; the first failure is rethrown as it was. */
  public static <T> void forEach(List<T> items, Consumer<T> check) {
    map(
        items,
        item -> {
          check.accept(item);
          return item;
        });
  }

  private static <R> R await(Future<R> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error; // an assertion's failure among them
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
