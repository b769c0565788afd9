package io.optout.bench;

import static io.optout.testing.DataFrames.frame;
import static io.optout.testing.DataFrames.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's long-history lake: older copies land in the folders of their shifted days. */
@SparkTest
class HistoryExtensionTest {
  private static List<String> folders(Path lake) throws IOException {
    try (Stream<Path> entries = Files.list(lake)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(Columns.DT + "="))
          .sorted()
          .toList();
    }
  }

  @Test
  void aCopyMovesEachRowWithItsFolderEvenARowWithoutEventTime(SparkSession spark, @TempDir Path dir)
      throws IOException {
    Path source = dir.resolve("short");
    for (Lake lake : Lake.values()) {
      if (lake == Lake.CAMPAIGN) {
        Object[] campaign = new Object[InputSchemas.schema(lake).size()];
        campaign[0] = "a1";
        campaign[1] = "c1";
        campaign[InputSchemas.schema(lake).fieldIndex(Columns.UPDATED_AT)] =
            ts("2024-03-01T00:00:00Z");
        frame(spark, InputSchemas.schema(lake), campaign)
            .write()
            .parquet(source.resolve(lake.key()).toString());
        continue;
      }
      // one good row and one the generator broke on purpose (no event_time), both in dt=2024-03-05
      Object[] good = new Object[InputSchemas.schema(lake).size()];
      Object[] broken = new Object[InputSchemas.schema(lake).size()];
      good[0] = "a1";
      good[1] = "u1";
      broken[0] = "a1";
      broken[1] = "u2";
      int time = InputSchemas.schema(lake).fieldIndex(Columns.EVENT_TIME);
      good[time] = ts("2024-03-05T10:00:00Z");
      frame(spark, InputSchemas.schema(lake), good, broken)
          .write()
          .parquet(source.resolve(lake.key()).resolve("dt=2024-03-05").toString());
    }
    Path target = dir.resolve("long");

    HistoryExtension.extend(spark, source, target, 1, 10);

    for (Lake lake : List.of(Lake.CONSENT, Lake.PUSH, Lake.EVENT)) {
      Path folder = target.resolve(lake.key());
      assertEquals(List.of("dt=2024-02-24", "dt=2024-03-05"), folders(folder), lake.key());
      assertEquals(
          2,
          spark.read().parquet(folder.resolve("dt=2024-02-24").toString()).count(),
          lake.key() + ": both rows copied into the shifted day");
    }
    assertTrue(Files.exists(target.resolve(Lake.CAMPAIGN.key())));
  }
}
