package io.optout.spark;

import io.optout.OptoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Driver threads that submit Spark jobs side by side (table commits, report views): one session,
 * several actions at once, so the driver's single-threaded planning and Delta work uses every core.
 */
public final class DriverThreads {
  private DriverThreads() {}

  /** A fixed pool of daemon threads named {@code name}: a failed run never hangs on them. */
  public static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * The task's value, or its failure rethrown as it was thrown; {@code what} names the work in the
   * message of a checked failure or an interrupt.
   */
  public static <T> T await(Future<T> task, String what) {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new OptoutException(what + " failed: " + e.getCause(), OptoutException.FAILED, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OptoutException("interrupted while " + what, OptoutException.FAILED, e);
    }
  }
}
