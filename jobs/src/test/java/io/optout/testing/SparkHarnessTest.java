package io.optout.testing;

import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class SparkHarnessTest {
  private static final StructType SCHEMA =
      new StructType().add("id", DataTypes.StringType).add("n", DataTypes.IntegerType);

  @Test
  void sessionIsSharedAndPinnedToUtc(SparkSession spark) {
    assertEquals("UTC", spark.conf().get("spark.sql.session.timeZone"));
    assertEquals("false", spark.conf().get("spark.ui.enabled"));
  }

  @Test
  void comparisonIgnoresOrderButNotValues(SparkSession spark) {
    Dataset<Row> a = frame(spark, SCHEMA, new Object[] {"a", 1}, new Object[] {"b", 2});
    Dataset<Row> b = frame(spark, SCHEMA, new Object[] {"b", 2}, new Object[] {"a", 1});
    Dataset<Row> c = frame(spark, SCHEMA, new Object[] {"b", 3}, new Object[] {"a", 1});
    assertSameRows(a, b);
    assertThrows(AssertionError.class, () -> assertSameRows(a, c));
  }
}
