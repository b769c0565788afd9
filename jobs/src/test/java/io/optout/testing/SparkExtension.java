package io.optout.testing;

import io.optout.config.ConfigLoader;
import io.optout.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One SparkSession for the whole test JVM, kept in JUnit's root store and stopped when the run
 * ends. Local[2], two shuffle partitions, no UI: fast on a 2-core CI machine. Test methods and
 * constructors receive it as a parameter.
 */
public final class SparkExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SparkExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return session(context);
  }

  static SparkSession session(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("spark", key -> new ClosableSession(create()), ClosableSession.class)
        .spark();
  }

  private static SparkSession create() {
    SparkSession spark =
        SparkSessions.getOrCreate(
            ConfigLoader.withOverrides(
                java.util.Map.of(
                    "optout.spark.master", "local[2]",
                    "optout.spark.app-name", "optout-tests")));
    spark.conf().set("spark.sql.shuffle.partitions", "2");
    spark.conf().set("spark.default.parallelism", "2");
    // Delta rebuilds table state with 50 partitions by default: far too many for tiny test tables
    spark.conf().set("spark.databricks.delta.snapshotPartitions", "2");
    // VACUUM lists a table's files in as many tasks as this (Spark's default 10,000): 50 s of empty
    // tasks per VACUUM on local[2]
    spark.conf().set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
    return spark;
  }

  /** Stops the session when JUnit closes the root store at the end of the run. */
  private record ClosableSession(SparkSession spark)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      spark.stop();
    }
  }
}
