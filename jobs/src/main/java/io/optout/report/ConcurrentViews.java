package io.optout.report;

import io.optout.OptoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread thread = new Thread(r, "optout-report-view");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts computing a view. */
  <T> Future<T> start(Supplier<T> view) {
    return pool.submit(view::get);
  }

  /** The view's value, or its failure rethrown as it was thrown. */
  static <T> T await(Future<T> view) {
    try {
      return view.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new OptoutException(
          "a report view failed: " + e.getCause(), OptoutException.FAILED, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OptoutException("interrupted while building the report", OptoutException.FAILED, e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
