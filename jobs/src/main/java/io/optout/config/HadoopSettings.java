package io.optout.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration a command that reads files without a Spark session uses (the report),
 * built as Spark builds its session's: Hadoop's defaults and {@code *-site.xml} files, then every
 * {@code spark.hadoop.X} setting as {@code X}, so the S3A settings of {@code optout.spark.conf}
 * (conf/cluster-s3.conf) reach S3 alike. A {@code spark.*} system property (spark-submit --conf, -D
 * on the JVM) wins over the configuration file, as it does for the session.
 */
public final class HadoopSettings {
  static final String SPARK_HADOOP = "spark.hadoop.";

  /**
   * Spark's {@code spark.buffer.size}, which Spark copies to Hadoop's {@code io.file.buffer.size}.
   */
  static final String SPARK_BUFFER_SIZE = "spark.buffer.size";

  static final String HADOOP_BUFFER_SIZE = "io.file.buffer.size";
  static final String SPARK_DEFAULT_BUFFER_SIZE = "65536";

  private HadoopSettings() {}

  public static Configuration withoutSpark(OptoutConfig config, Properties systemProperties) {
    Map<String, String> spark = new LinkedHashMap<>(config.sparkConf());
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith("spark.")) {
        spark.put(name, systemProperties.getProperty(name));
      }
    }
    Configuration hadoop = new Configuration();
    spark.forEach(
        (key, value) -> {
          if (key.startsWith(SPARK_HADOOP) && key.length() > SPARK_HADOOP.length()) {
            hadoop.set(key.substring(SPARK_HADOOP.length()), value);
          }
        });
    hadoop.set(
        HADOOP_BUFFER_SIZE, spark.getOrDefault(SPARK_BUFFER_SIZE, SPARK_DEFAULT_BUFFER_SIZE));
    return hadoop;
  }
}
