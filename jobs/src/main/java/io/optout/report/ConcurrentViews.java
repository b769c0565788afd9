package io.optout.report;

import io.optout.spark.DriverThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Computes the report's views a few at a time. Each view reads its tables' files of the range and
 * sums them on one thread; running views side by side keeps both cores of a small machine busy
 * (docs/report.md).
 */
final class ConcurrentViews implements AutoCloseable {
  private final ExecutorService pool;

  ConcurrentViews(int threads) {
    pool = DriverThreads.pool("optout-report-view", threads);
  }

  /** Starts computing a view. */
  <T> Future<T> start(Supplier<T> view) {
    return pool.submit(view::get);
  }

  /** The view's value, or its failure rethrown as it was thrown. */
  static <T> T await(Future<T> view) {
    return DriverThreads.await(view, "building a report view");
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
