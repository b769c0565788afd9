package io.optout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Small helpers to build fixture frames and compare results in tests. */
public final class DataFrames {
  private DataFrames() {}

  /** spark-testing-base's comparisons, used without its JUnit 4 lifecycle. */
  private static final JavaDataFrameSuiteBase COMPARISONS = new JavaDataFrameSuiteBase();

  public static Dataset<Row> frame(SparkSession spark, StructType schema, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).collect(Collectors.toList());
    return spark.createDataFrame(list, schema);
  }

  public static Timestamp ts(String isoInstant) {
    return Timestamp.from(Instant.parse(isoInstant));
  }

  public static Date date(String isoDate) {
    return Date.valueOf(LocalDate.parse(isoDate));
  }

  /** Same schema and same rows, order ignored (spark-testing-base). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    COMPARISONS.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Rows as sorted strings: a readable diff in assertion messages for small results. */
  public static List<String> rowsOf(Dataset<Row> frame) {
    return frame.collectAsList().stream()
        .map(Row::toString)
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  public static void assertRows(Dataset<Row> actual, String... expectedRows) {
    assertEquals(Arrays.stream(expectedRows).sorted().toList(), rowsOf(actual));
  }
}
