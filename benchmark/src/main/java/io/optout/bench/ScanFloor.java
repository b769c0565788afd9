package io.optout.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import io.optout.lake.DtRange;
import io.optout.lake.LakeReader;
import io.optout.pipeline.InputRanges;
import io.optout.pipeline.RunWindow;
import io.optout.schema.InputSchemas;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The floor a run cannot go below: read exactly the partitions and contract columns a run over the
 * window reads (without a checkpoint, as a first or ad-hoc run), and force every value with an
 * aggregate (a count and a sum of row hashes, so no column can be skipped).
 */
final class ScanFloor {
  private ScanFloor() {}

  static Map<Lake, Long> scan(SparkSession spark, OptoutConfig config, RunWindow window) {
    Map<Lake, DtRange> ranges = InputRanges.of(window, Optional.empty(), config);
    LakeReader reader = new LakeReader(spark);
    Map<Lake, Long> rows = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      Dataset<Row> stored = reader.read(lake, config.lake(lake), ranges.get(lake));
      Set<String> present = Set.of(stored.columns());
      Column[] columns =
          InputSchemas.columns(lake).stream()
              .map(c -> c.name())
              .filter(present::contains)
              .map(name -> col(name))
              .toArray(Column[]::new);
      Row forced = stored.select(columns).agg(count(lit(1)), sum(xxhash64(columns))).first();
      rows.put(lake, forced.getLong(0));
    }
    return rows;
  }

  static String describe(Map<Lake, Long> rows) {
    return String.join(
        ", ", Arrays.stream(Lake.values()).map(l -> l.key() + " " + rows.get(l)).toList());
  }
}
