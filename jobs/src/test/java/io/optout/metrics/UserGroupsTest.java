package io.optout.metrics;

import static io.optout.testing.DataFrames.assertRows;
import static io.optout.testing.DataFrames.frame;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class UserGroupsTest {
  private static final StructType ROWS =
      new StructType()
          .add(Columns.APP_ID, DataTypes.StringType)
          .add(Columns.USER_ID, DataTypes.StringType)
          .add("v", DataTypes.IntegerType);

  @Test
  void oneGroupPerAppAndUserWithTheHashFirst(SparkSession spark) {
    // u1 in two apps is two users; the same user's rows in one group whatever their order
    Dataset<Row> rows =
        frame(
            spark,
            ROWS,
            new Object[] {"a", "u1", 1},
            new Object[] {"b", "u1", 2},
            new Object[] {"a", "u2", 3},
            new Object[] {"a", "u1", 4});
    Dataset<Row> groups =
        rows.groupBy(UserGroups.columns()).agg(count(lit(1)).as("rows"), sum(col("v")).as("v"));
    assertEquals(UserGroups.USER_HASH, groups.columns()[0]);
    assertEquals(DataTypes.LongType, groups.schema().fields()[0].dataType());
    assertRows(groups.drop(UserGroups.USER_HASH), "[a,u1,2,5]", "[a,u2,1,3]", "[b,u1,1,2]");
  }
}
