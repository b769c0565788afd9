package io.optout.ops;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** conf/cluster-s3.conf is a valid configuration that points at S3 and carries no secret. */
class ClusterConfigTest {
  private static final Path FILE = Path.of("..", "conf", "cluster-s3.conf");

  @Test
  void loadsWithEverythingOnS3AndCredentialsFromTheProviderChain() {
    OptoutConfig config = ConfigLoader.load(Optional.of(FILE), Map.of(), Map.of());
    assertTrue(config.warehouse().startsWith("s3a://"), config.warehouse());
    for (Lake lake : Lake.values()) {
      assertTrue(
          config.lake(lake).path().startsWith("s3a://"), lake + ": " + config.lake(lake).path());
    }
    assertEquals(
        "com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
        config.sparkConf().get("spark.hadoop.fs.s3a.aws.credentials.provider"));
    assertEquals(
        "io.delta.sql.DeltaSparkSessionExtension",
        config.sparkConf().get("spark.sql.extensions"),
        "the defaults' Delta settings still apply");
  }

  @Test
  void environmentStillOverridesTheWarehouse() {
    OptoutConfig config =
        ConfigLoader.load(
            Optional.of(FILE), Map.of(), Map.of("OPTOUT_WAREHOUSE", "s3a://other/warehouse"));
    assertEquals("s3a://other/warehouse", config.warehouse());
  }

  @Test
  void noKeyOrSecretInTheFile() throws Exception {
    String text = Files.readString(FILE).toLowerCase(java.util.Locale.ROOT);
    for (String secretKey :
        new String[] {
          "fs.s3a.access.key",
          "fs.s3a.secret.key",
          "fs.s3a.session.token",
          "aws_secret_access_key ="
        }) {
      assertFalse(text.contains(secretKey), secretKey);
    }
  }
}
