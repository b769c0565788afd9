package io.optout.ops;

import static io.optout.ops.InputBatches.appendBatch;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
import io.optout.config.LakeFormat;
import io.optout.config.OptoutConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lake per storage format: consent as Parquet, push as JSON, event as Delta. 2024-03-01 gets
 * two batches (3 + 2 rows, so two files), 2024-03-02 one batch of 1 row, 2024-03-03 nothing.
 */
@io.optout.testing.SparkTest
class InputReadinessTest {
  private static final LocalDate FULL = LocalDate.parse("2024-03-01");
  private static final LocalDate SMALL = LocalDate.parse("2024-03-02");
  private static final LocalDate ABSENT = LocalDate.parse("2024-03-03");

  @TempDir static Path dir;

  @BeforeAll
  static void lakes(SparkSession spark) {
    for (String[] lake :
        new String[][] {{"consent", "parquet"}, {"push", "json"}, {"event", "delta"}}) {
      String path = dir.resolve(lake[0]).toString();
      appendBatch(spark, lake[1], path, "2024-03-01", 3);
      appendBatch(spark, lake[1], path, "2024-03-01", 2);
      appendBatch(spark, lake[1], path, "2024-03-02", 1);
    }
    InputBatches.writeCampaigns(spark, dir.resolve("campaign").toString(), 4);
  }

  private static OptoutConfig config(String campaignPath) {
    return ConfigLoader.withOverrides(
        Map.of(
            "optout.lakes.consent.path",
            dir.resolve("consent").toString(),
            "optout.lakes.push.path",
            dir.resolve("push").toString(),
            "optout.lakes.push.format",
            "json",
            "optout.lakes.event.path",
            dir.resolve("event").toString(),
            "optout.lakes.event.format",
            "delta",
            "optout.lakes.campaign.path",
            campaignPath));
  }

  private static List<LakeInput> check(SparkSession spark, LocalDate date, Set<Lake> required) {
    return new InputReadiness(spark, config(dir.resolve("campaign").toString()))
        .check(date, required);
  }

  private static LakeInput of(List<LakeInput> inputs, Lake lake) {
    return inputs.stream().filter(i -> i.lake() == lake).findFirst().orElseThrow();
  }

  @Test
  void countsFilesAndRowsOfThePartitionOnlyInEveryFormat(SparkSession spark) {
    List<LakeInput> inputs = check(spark, FULL, EnumSet.of(Lake.CONSENT, Lake.PUSH, Lake.EVENT));
    for (Lake lake : List.of(Lake.CONSENT, Lake.PUSH, Lake.EVENT)) {
      LakeInput input = of(inputs, lake);
      assertTrue(input.present(), input.toString());
      assertEquals(2, input.files(), input.toString());
      assertEquals(5, input.rows(), input.toString());
      assertFalse(input.blocking());
    }
    assertEquals(LakeFormat.PARQUET, of(inputs, Lake.CONSENT).format());
    assertTrue(of(inputs, Lake.CONSENT).location().endsWith("consent/dt=2024-03-01"));
    assertTrue(of(inputs, Lake.PUSH).location().endsWith("push/dt=2024-03-01"));
    assertEquals(dir.resolve("event").toString(), of(inputs, Lake.EVENT).location());

    List<LakeInput> small = check(spark, SMALL, EnumSet.of(Lake.CONSENT));
    for (Lake lake : List.of(Lake.CONSENT, Lake.PUSH, Lake.EVENT)) {
      assertEquals(1, of(small, lake).files(), lake.key());
      assertEquals(1, of(small, lake).rows(), lake.key());
    }
  }

  @Test
  void missingPartitionIsBlockingOnlyWhenRequired(SparkSession spark) {
    List<LakeInput> inputs = check(spark, ABSENT, EnumSet.of(Lake.CONSENT, Lake.EVENT));
    for (Lake lake : List.of(Lake.CONSENT, Lake.PUSH, Lake.EVENT)) {
      LakeInput input = of(inputs, lake);
      assertFalse(input.present(), input.toString());
      assertEquals(0, input.files());
      assertEquals(0, input.rows());
    }
    assertTrue(of(inputs, Lake.CONSENT).blocking());
    assertFalse(of(inputs, Lake.PUSH).blocking(), "push was not required");
    assertTrue(of(inputs, Lake.EVENT).blocking());
  }

  @Test
  void campaignIsTheWholeUnpartitionedFolder(SparkSession spark) {
    LakeInput campaign = of(check(spark, ABSENT, EnumSet.of(Lake.CAMPAIGN)), Lake.CAMPAIGN);
    assertTrue(campaign.present());
    assertEquals(1, campaign.files());
    assertEquals(4, campaign.rows());
    assertEquals(dir.resolve("campaign").toString(), campaign.location());
  }

  @Test
  void deltaCampaignIsTheWholeTable(SparkSession spark) {
    String path = dir.resolve("campaign-delta").toString();
    spark.read().parquet(dir.resolve("campaign").toString()).write().format("delta").save(path);
    OptoutConfig config =
        ConfigLoader.withOverrides(
            Map.of("optout.lakes.campaign.path", path, "optout.lakes.campaign.format", "delta"));
    LakeInput campaign =
        of(
            new InputReadiness(spark, config).check(ABSENT, EnumSet.of(Lake.CAMPAIGN)),
            Lake.CAMPAIGN);
    assertTrue(campaign.present());
    assertEquals(4, campaign.rows());
    assertEquals(path, campaign.location());
  }

  @Test
  void absentLakeFolderOrEmptyPartitionIsMissing(SparkSession spark) throws Exception {
    Files.createDirectories(dir.resolve("consent/dt=2024-03-04"));
    Files.writeString(dir.resolve("consent/dt=2024-03-04/_SUCCESS"), "");
    Set<Lake> all = EnumSet.allOf(Lake.class);
    List<LakeInput> inputs =
        new InputReadiness(spark, config(dir.resolve("nowhere").toString()))
            .check(LocalDate.parse("2024-03-04"), all);
    assertFalse(
        of(inputs, Lake.CONSENT).present(), "a folder with only hidden files is not there yet");
    assertFalse(of(inputs, Lake.CAMPAIGN).present());
    assertTrue(of(inputs, Lake.CAMPAIGN).blocking());
  }

  @Test
  void lakeNamesAreCheckedCaseInsensitively() {
    assertEquals(
        EnumSet.of(Lake.CONSENT, Lake.CAMPAIGN),
        InputReadiness.parseLakes(List.of("Consent", " campaign")));
    OptoutException e =
        assertThrows(
            OptoutException.class, () -> InputReadiness.parseLakes(List.of("consent", "clicks")));
    assertEquals(OptoutException.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("'clicks'"), e.getMessage());
  }
}
