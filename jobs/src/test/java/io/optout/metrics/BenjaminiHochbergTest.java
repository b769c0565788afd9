package io.optout.metrics;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.optout.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class BenjaminiHochbergTest {
  private static final StructType ROWS =
      new StructType()
          .add("day", StringType)
          .add("id", StringType)
          .add("p", DoubleType)
          .add("eligible", BooleanType);

  @Test
  void stepUpKeepsTiedPValuesTogetherAndLeavesIneligibleRowsOut(SparkSession spark) {
    Dataset<Row> rows =
        frame(
            spark,
            ROWS,
            // day 1: m = 4 eligible, q = 0.05, thresholds k*q/m = 0.0125, 0.025, 0.0375, 0.05
            new Object[] {"d1", "a", 0.001, true}, // rank 1: 0.001 <= 0.0125
            new Object[] {"d1", "b", 0.032, true}, // rank 2: 0.032 > 0.025, but its tie passes
            new Object[] {"d1", "c", 0.032, true}, // rank 3: 0.032 <= 0.0375: p* = 0.032
            new Object[] {"d1", "d", 0.2, true}, // rank 4: 0.2 > 0.05
            new Object[] {"d1", "e", 0.0001, false}, // not eligible: never flagged
            new Object[] {"d1", "f", null, true}, // no p-value: not a test
            // day 2 is ranked on its own: m = 1, threshold 0.05; its ineligible row is not
            // counted in m (with m = 2, 0.04 > 1 * 0.05 / 2 and nothing would be flagged)
            new Object[] {"d2", "g", 0.04, true},
            new Object[] {"d2", "h", 0.9, false});
    Dataset<Row> flagged =
        BenjaminiHochberg.flag(rows, List.of("day"), col("eligible"), "p", 0.05, "flag");
    assertRows(
        flagged.select("id", "flag"),
        "[a,true]",
        "[b,true]",
        "[c,true]",
        "[d,false]",
        "[e,false]",
        "[f,false]",
        "[g,true]",
        "[h,false]");
  }

  @Test
  void noRankPassingMeansNoFlag(SparkSession spark) {
    Dataset<Row> rows =
        frame(
            spark,
            ROWS,
            new Object[] {"d1", "a", 0.03, true}, // 0.03 > 1 * 0.05 / 2
            new Object[] {"d1", "b", 0.06, true}); // 0.06 > 2 * 0.05 / 2
    assertRows(
        BenjaminiHochberg.flag(rows, List.of("day"), col("eligible"), "p", 0.05, "flag")
            .select("id", "flag"),
        "[a,false]",
        "[b,false]");
  }
}
