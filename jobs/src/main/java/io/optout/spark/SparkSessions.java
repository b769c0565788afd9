package io.optout.spark;

import io.optout.config.OptoutConfig;
import java.util.TimeZone;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a job uses, from the configuration. */
public final class SparkSessions {
  private SparkSessions() {}

  private static final String ANSI = "spark.sql.ansi.enabled";

  /**
   * Returns the active session (spark-submit, tests) or creates one. The session and JVM time zones
   * are pinned to UTC so that no date depends on the machine; local dates in the reporting zone are
   * always computed explicitly. ANSI mode is pinned off: the contract check casts raw values and
   * rejects the rows whose cast is null, which ANSI mode (Spark 4's default, Spark 3.5's not) turns
   * into a failed run.
   */
  public static SparkSession getOrCreate(OptoutConfig config) {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined()) {
      // spark-submit, a notebook or a test made it: its settings win, only the zone and the
      // casts' semantics are pinned
      running.get().conf().set("spark.sql.session.timeZone", "UTC");
      running.get().conf().set(ANSI, "false");
      return running.get();
    }
    SparkSession.Builder builder = SparkSession.builder();
    // spark-submit passes its --name, --master and --conf as spark.* system properties: they win
    // over the configuration file's defaults, as a cluster operator expects
    if (System.getProperty("spark.app.name") == null) {
      builder.appName(config.sparkAppName());
    }
    String master = System.getProperty("spark.master", config.sparkMaster());
    builder.master(master);
    config
        .sparkConf()
        .forEach(
            (key, value) -> {
              if (System.getProperty(key) == null) {
                builder.config(key, value);
              }
            });
    if (master.startsWith("local")) {
      // a local run talks to itself only: keep the driver on loopback, whatever the hostname
      // resolves to
      builder
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1");
    }
    builder.config("spark.sql.session.timeZone", "UTC");
    builder.config(ANSI, "false");
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
