package io.optout.spark;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;

/**
 * Spark's Scala code throws checked exceptions that its Java signatures do not declare
 * (AnalysisException for bad SQL or an empty folder, SparkException when a job fails, IOException
 * from the file system). A call made through {@link #declaring} declares them, so Java code can
 * catch each by its type instead of catching every Exception.
 */
public final class SparkCalls {
  private SparkCalls() {}

  /** Runs the body and declares the checked exceptions Spark may throw from it. */
  public static <T> T declaring(Supplier<T> body)
      throws AnalysisException, SparkException, IOException {
    return body.get();
  }

  /** {@link #declaring(Supplier)} for a body without a result. */
  public static void declaring(Runnable body)
      throws AnalysisException, SparkException, IOException {
    body.run();
  }
}
