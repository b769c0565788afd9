package io.optout.report;

import io.optout.spark.DriverThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Computes the report's views a few at a time. Each view is a handful of tiny Spark jobs whose cost
 * is driver work (Delta snapshot, planning, code generation), one thread each; running them side by
 * side keeps both cores of a small machine busy (README, "The report").
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
