package io.optout.lake;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.schema.InputSchemas;
import io.optout.testing.LakeFixture;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and classifying a lake's files without reading rows (docs/bad-input.md). */
@SparkTest
class InputFilesTest {

  private static Object[] event(String time) {
    return new Object[] {"a1", "u1", null, "app_open", ts(time), null};
  }

  private static LakeFixture threeDays(SparkSession spark, Path dir) {
    return new LakeFixture(spark, dir)
        .append(
            Lake.EVENT,
            event("2024-03-01T10:00:00Z"),
            event("2024-03-02T10:00:00Z"),
            event("2024-03-03T10:00:00Z"));
  }

  private static InputFiles list(SparkSession spark, LakeFixture lake, DtRange range) {
    return InputFiles.list(
        spark, Lake.EVENT, new LakeConfig(lake.lakePath(Lake.EVENT), LakeFormat.PARQUET), range);
  }

  @Test
  void onlyTheDtFoldersOfTheRangeAreListedAndCleanFoldersAreReadWhole(
      SparkSession spark, @TempDir Path dir) throws IOException {
    LakeFixture lake = threeDays(spark, dir);
    Path root = Path.of(lake.lakePath(Lake.EVENT));
    // broken files outside the range are never looked at: a nightly run does not walk the history
    Files.write(root.resolve("dt=2024-03-01").resolve("noise.parquet"), new byte[] {1, 2, 3});
    Files.write(root.resolve("dt=2024-03-03").resolve("empty.parquet"), new byte[0]);
    // what Spark ignores, InputFiles ignores too
    Files.write(root.resolve("dt=2024-03-02").resolve(".part.crc"), new byte[] {9});
    Files.write(root.resolve("_SUCCESS"), new byte[0]);
    Files.createDirectories(root.resolve("_temporary").resolve("0"));

    InputFiles files =
        list(
            spark,
            lake,
            DtRange.between(LocalDate.parse("2024-03-02"), LocalDate.parse("2024-03-02")));
    assertEquals(List.of(), files.bad());
    assertEquals(List.of("file:" + root.resolve("dt=2024-03-02")), files.readPaths());
    assertEquals(1, files.goodFiles());
    StructType schema = files.schema().orElseThrow();
    assertEquals(InputSchemas.schema(Lake.EVENT).fieldNames().length, schema.fieldNames().length);
    assertEquals(DataTypes.TimestampType, schema.apply("event_time").dataType());
  }

  @Test
  void aFolderWithABadFileIsReadFileByFileAndEveryProblemIsNamed(
      SparkSession spark, @TempDir Path dir) throws IOException {
    LakeFixture lake = threeDays(spark, dir);
    Path root = Path.of(lake.lakePath(Lake.EVENT));
    Path day = root.resolve("dt=2024-03-02");
    Path good =
        Files.list(day).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    Files.write(day.resolve("empty.parquet"), new byte[0]);
    Files.createDirectories(day.resolve("nested"));
    Files.createDirectories(root.resolve("dt=2024-02-30"));
    Files.write(root.resolve("stray.parquet"), Files.readAllBytes(good));

    InputFiles files = list(spark, lake, DtRange.all());
    assertEquals(
        List.of(
            BadFile.folder(
                Lake.EVENT,
                "file:" + root.resolve("dt=2024-02-30"),
                "not a dt=YYYY-MM-DD partition folder, its files are not read"),
            BadFile.zeroByte(Lake.EVENT, "file:" + day.resolve("empty.parquet")),
            BadFile.folder(
                Lake.EVENT,
                "file:" + day.resolve("nested"),
                "a folder inside a dt partition, its files are not read"),
            BadFile.unreadable(
                Lake.EVENT,
                "file:" + root.resolve("stray.parquet"),
                "a file outside any dt=YYYY-MM-DD folder")),
        files.bad());
    assertEquals(
        List.of(
            "file:" + root.resolve("dt=2024-03-01"),
            "file:" + good,
            "file:" + root.resolve("dt=2024-03-03")),
        files.readPaths());
  }

  @Test
  void aColumnOutsideTheContractMustKeepOneTypeAcrossFiles(SparkSession spark, @TempDir Path dir) {
    LakeFixture lake = new LakeFixture(spark, dir);
    lake.append(
        Lake.EVENT,
        frame(spark, InputSchemas.schema(Lake.EVENT), event("2024-03-01T10:00:00Z"))
            .withColumn("score", org.apache.spark.sql.functions.lit(1)));
    lake.append(
        Lake.EVENT,
        frame(spark, InputSchemas.schema(Lake.EVENT), event("2024-03-02T10:00:00Z"))
            .withColumn("score", org.apache.spark.sql.functions.lit("high")));
    InputFiles files = list(spark, lake, DtRange.all());
    assertEquals(1, files.bad().size());
    assertTrue(files.bad().get(0).path().contains("dt=2024-03-02"), files.bad().toString());
    assertTrue(
        files.bad().get(0).reason().startsWith("column 'score' is string here but int in file:"),
        files.bad().get(0).reason());
    assertEquals(DataTypes.IntegerType, files.schema().orElseThrow().apply("score").dataType());
  }

  @Test
  void dtFolderNamesMustBeRealDates() {
    assertEquals(Optional.of(LocalDate.parse("2024-02-29")), InputFiles.dtOf("dt=2024-02-29"));
    assertEquals(Optional.empty(), InputFiles.dtOf("dt=2023-02-29"));
    assertEquals(Optional.empty(), InputFiles.dtOf("dt=2024-3-01"));
    assertEquals(Optional.empty(), InputFiles.dtOf("dt=garbage"));
    assertEquals(Optional.empty(), InputFiles.dtOf("day=2024-03-01"));
    assertEquals(Optional.empty(), InputFiles.dtOf("dt=__HIVE_DEFAULT_PARTITION__"));
  }
}
