package io.optout.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.config.ConfigLoader;
import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.testing.LocalS3;
import io.optout.testing.OptoutChildJvm;
import io.optout.testing.S3Server;
import io.optout.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optout report} as its own command, in a JVM of its own: it reads a warehouse in a bucket
 * of the loopback S3 server through the {@code spark.hadoop.*} settings of its configuration file
 * (as conf/cluster-s3.conf gives them) and starts no Spark session: the child's Spark master is one
 * Spark refuses, so creating a session would fail the command.
 */
@SparkTest
@ExtendWith(LocalS3.class)
class ReportCommandOnS3Test {
  private static final String FROM = "2024-03-08";
  private static final String TO = "2024-03-14";

  /** The page without the time it was generated at, the one line that differs between runs. */
  private static String timeless(Path page) throws Exception {
    return Files.readString(page).replaceAll("Generated [^ ]+ by", "Generated <time> by");
  }

  private static Path configFile(Path dir, S3Server s3) throws Exception {
    String settings =
        s3.s3aSettings().entrySet().stream()
            .map(e -> "      \"spark.hadoop." + e.getKey() + "\" = \"" + e.getValue() + "\"")
            .sorted()
            .collect(Collectors.joining("\n"));
    Path file = dir.resolve("report-s3.conf");
    Files.writeString(file, "optout {\n  spark {\n    conf {\n" + settings + "\n    }\n  }\n}\n");
    return file;
  }

  @Test
  void readsAnS3WarehouseThroughTheSparkHadoopSettingsWithoutStartingSpark(
      SparkSession spark, S3Server s3, @TempDir Path dir) throws Exception {
    LocalS3.configure(spark, s3);
    String onS3 = s3.bucket("report-command") + "/warehouse";
    String local = dir.resolve("warehouse").toString();
    for (String warehouse : List.of(onS3, local)) {
      ReportFixtures.writeSeedTables(spark, warehouse);
      ReportFixtures.writeInsightTables(spark, warehouse);
    }
    Path expected = dir.resolve("local.html");
    new ReportJob(
            spark.sparkContext().hadoopConfiguration(),
            ConfigLoader.withOverrides(Map.of("optout.warehouse", local)),
            Clock.systemUTC())
        .run(
            new ReportRequest(
                ExportPeriod.between(
                    LocalDate.parse(FROM), LocalDate.parse(TO), LocalDate.parse(TO)),
                ExportFilters.NONE,
                7,
                Measure.TOTAL,
                false,
                expected.toString()));

    Path page = dir.resolve("s3.html");
    try (OptoutChildJvm report =
        OptoutChildJvm.start(
            List.of("-Dspark.master=no-spark-in-the-report"),
            Map.of(),
            List.of(
                "report",
                "--from",
                FROM,
                "--to",
                TO,
                "--as-of",
                TO,
                "--config",
                configFile(dir, s3).toString(),
                "-Doptout.warehouse=" + onS3,
                "--out",
                page.toString()))) {
      assertEquals(0, report.waitFor(Duration.ofMinutes(2)), report.output());
      assertTrue(report.output().contains("Report written to " + page), report.output());
    }
    assertEquals(timeless(expected), timeless(page));
  }
}
