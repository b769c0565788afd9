package io.optout.testing;

import io.optout.spark.DriverThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a check per table on two threads of its own ({@link DriverThreads}, as a run commits its
 * tables). Reading a small table is mostly one core's driver work (Delta's log, planning), so two
 * at a time keeps both cores busy.
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
    ExecutorService pool = DriverThreads.pool("two-at-a-time", THREADS);
    try {
      List<Future<R>> pending = new ArrayList<>();
      for (T item : items) {
        pending.add(pool.submit(() -> f.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> result : pending) {
        results.add(DriverThreads.await(result, "a check of two at a time"));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The items {@code check} holds for, in their order; the first failure is rethrown. */
  public static <T> List<T> filter(List<T> items, Predicate<T> check) {
    List<Boolean> held = map(items, check::test);
    List<T> kept = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (held.get(i)) {
        kept.add(items.get(i));
      }
    }
    return kept;
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
}
