package io.optout.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link S3Server} per test JVM (S3A caches file systems per bucket, so one
 * endpoint for the whole run keeps that cache right), started on first use and stopped when the run
 * ends. Test methods take an {@code S3Server} parameter; use a bucket name of their own. Combine
 * with {@link SparkTest} and call {@link #configure(SparkSession, S3Server)} to point the shared
 * session's S3A at it.
 */
public final class LocalS3 implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LocalS3.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3Server.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(
            "s3", key -> new ClosableServer(S3Server.start()), ClosableServer.class)
        .server();
  }

  /**
   * Sets the server's S3A settings on the session's Hadoop configuration, which every job reads
   * through (Spark data sources and Delta's log store alike).
   */
  public static void configure(SparkSession spark, S3Server server) {
    server.configure(spark.sparkContext().hadoopConfiguration());
  }

  private record ClosableServer(S3Server server)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
