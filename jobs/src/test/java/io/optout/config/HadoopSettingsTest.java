package io.optout.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The Hadoop configuration of a command without a Spark session, as Spark would build it. */
class HadoopSettingsTest {
  private static OptoutConfig config(String sparkConf) {
    return ConfigLoader.withOverrides(Map.of("optout.spark.conf", sparkConf));
  }

  private static Properties system(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void sparkHadoopSettingsOfTheConfigurationBecomeHadoopSettings() {
    Configuration hadoop =
        HadoopSettings.withoutSpark(
            config(
                "{\"spark.hadoop.fs.s3a.endpoint\" = \"http://127.0.0.1:9000\","
                    + " \"spark.hadoop.fs.s3a.path.style.access\" = \"true\","
                    + " \"spark.sql.shuffle.partitions\" = \"3\"}"),
            system());

    assertEquals("http://127.0.0.1:9000", hadoop.get("fs.s3a.endpoint"));
    assertEquals("true", hadoop.get("fs.s3a.path.style.access"));
    assertNull(hadoop.get("sql.shuffle.partitions"), "only spark.hadoop.* reaches Hadoop");
    assertNull(hadoop.get("spark.sql.shuffle.partitions"));
  }

  @Test
  void aSystemPropertyWinsOverTheConfigurationFileAsSparkSubmitsConfDoes() {
    Configuration hadoop =
        HadoopSettings.withoutSpark(
            config("{\"spark.hadoop.fs.s3a.endpoint\" = \"http://from-the-file\"}"),
            system(
                "spark.hadoop.fs.s3a.endpoint", "http://from-submit",
                "spark.hadoop.fs.s3a.connection.maximum", "7",
                "user.home", "/not/a/spark/setting"));

    assertEquals("http://from-submit", hadoop.get("fs.s3a.endpoint"));
    assertEquals("7", hadoop.get("fs.s3a.connection.maximum"));
  }

  @Test
  void hadoopDefaultsStayAndSparksBufferSizeIsCopiedAsSparkDoes() {
    Configuration defaults = HadoopSettings.withoutSpark(config("{}"), system());
    assertEquals("file:///", defaults.get("fs.defaultFS"), "core-default.xml is loaded");
    assertEquals("65536", defaults.get("io.file.buffer.size"), "Spark's default, not Hadoop's");

    Configuration sized =
        HadoopSettings.withoutSpark(config("{\"spark.buffer.size\" = \"131072\"}"), system());
    assertEquals("131072", sized.get("io.file.buffer.size"));
  }
}
