package io.optout.metrics;

import static io.optout.metrics.Fixtures.*;
import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.Columns;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.testing.SparkTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class PushPressureTest {
  private static final PushSettings DEFAULTS = new PushSettings(7, List.of("delivered"));
  private static final String T = "2024-03-08T12:00:00Z";

  private static List<String> pressure(
      Dataset<Row> optOuts, Dataset<Row> push, PushSettings settings) {
    return rowsOf(
        PushPressure.withPushesReceived(optOuts, push, settings)
            .select(col(Columns.USER_ID), col(Columns.CHANNEL), col(Columns.PUSHES_RECEIVED)));
  }

  @Test
  void deliveryExactlyAtWindowStartCountsAndExactlyAtTDoesNot(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push(
                "a",
                "u1",
                "m-start",
                "c1",
                "delivered",
                shift(T, Duration.ofDays(-7))), // T - 7d: in
            push(
                "a",
                "u1",
                "m-before-start",
                "c1",
                "delivered",
                "2024-03-01T11:59:59.999999Z"), // 1 µs early: out
            push(
                "a",
                "u1",
                "m-last",
                "c1",
                "delivered",
                "2024-03-08T11:59:59.999999Z"), // T - 1 µs: in
            push("a", "u1", "m-at-t", "c1", "delivered", T)); // T: out
    assertEquals(
        List.of("[u1,push,2]"),
        pressure(optOuts(spark, optOut("a", "u1", "push", T)), push, DEFAULTS));
  }

  @Test
  void userWithNoPushesGetsZeroAndEveryChannelIsCounted(SparkSession spark) {
    Dataset<Row> optOuts =
        optOuts(
            spark,
            optOut("a", "u1", "push", T),
            optOut("a", "u1", "email", T), // same instant, other channel: same pressure
            optOut("a", "u2", "sms", T)); // no pushes at all
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-07T00:00:00Z"),
            push("b", "u2", "m2", "c1", "delivered", "2024-03-07T00:00:00Z"), // other app
            push("a", "u3", "m3", "c1", "delivered", "2024-03-07T00:00:00Z")); // other user
    assertEquals(
        List.of("[u1,email,1]", "[u1,push,1]", "[u2,sms,0]"), pressure(optOuts, push, DEFAULTS));
  }

  @Test
  void sameMessageDeliveredTwiceCountsOnce(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-07T00:00:00Z"),
            push("a", "u1", "m1", "c1", "delivered", "2024-03-07T00:05:00Z"),
            push("a", "u1", "m1", "c1", "opened", "2024-03-07T00:06:00Z"));
    assertEquals(
        List.of("[u1,push,1]"),
        pressure(optOuts(spark, optOut("a", "u1", "push", T)), push, DEFAULTS));
  }

  @Test
  void sentButNotDeliveredCountsOnlyWhenSentIsAReceivedType(SparkSession spark) {
    Dataset<Row> optOuts = optOuts(spark, optOut("a", "u1", "push", T));
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m-sent-only", "c1", "sent", "2024-03-07T00:00:00Z"),
            push("a", "u1", "m-both", "c1", "sent", "2024-03-07T01:00:00Z"),
            push("a", "u1", "m-both", "c1", "delivered", "2024-03-07T01:00:01Z"),
            push("a", "u1", "m-failed", "c1", "failed", "2024-03-07T02:00:00Z"));
    assertEquals(List.of("[u1,push,1]"), pressure(optOuts, push, DEFAULTS));
    PushSettings sentCounts = new PushSettings(7, List.of("delivered", "sent"));
    assertEquals(List.of("[u1,push,2]"), pressure(optOuts, push, sentCounts));
  }

  @Test
  void pushWithoutCampaignCountsAsPressure(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark, push("a", "u1", "m-transactional", null, "delivered", "2024-03-07T00:00:00Z"));
    assertEquals(
        List.of("[u1,push,1]"),
        pressure(optOuts(spark, optOut("a", "u1", "push", T)), push, DEFAULTS));
  }

  @Test
  void windowFollowsConfiguration(SparkSession spark) {
    Dataset<Row> push =
        pushes(
            spark,
            push("a", "u1", "m1", "c1", "delivered", "2024-03-06T12:00:00Z"), // T - 2d
            push("a", "u1", "m2", "c1", "delivered", "2024-03-06T11:59:59Z")); // just before T - 2d
    PushSettings twoDays = new PushSettings(2, List.of("delivered"));
    assertEquals(
        List.of("[u1,push,1]"),
        pressure(optOuts(spark, optOut("a", "u1", "push", T)), push, twoDays));
  }

  @Test
  void factsKeepTheUncappedCount(SparkSession spark) {
    List<Object[]> fifteen = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      fifteen.add(push("a", "u1", "m" + i, "c1", "delivered", shift(T, Duration.ofHours(-1 - i))));
    }
    assertEquals(
        List.of("[u1,push,15]"),
        pressure(optOuts(spark, optOut("a", "u1", "push", T)), pushes(spark, fifteen), DEFAULTS));
  }

  private static final StructType FACTS =
      new StructType()
          .add(Columns.OPT_OUT_DATE, DataTypes.DateType)
          .add(Columns.APP_ID, DataTypes.StringType)
          .add(Columns.CHANNEL, DataTypes.StringType)
          .add(Columns.PUSHES_RECEIVED, DataTypes.IntegerType);

  private static Object[] fact(String day, String app, String channel, int pushes) {
    return new Object[] {date(day), app, channel, pushes};
  }

  @Test
  void histogramPutsTenAndFifteenIntoTheCapBucketAndShowsOnlyObservedBuckets(SparkSession spark) {
    Dataset<Row> facts =
        frame(
            spark,
            FACTS,
            fact("2024-03-08", "a", "push", 0),
            fact("2024-03-08", "a", "push", 0),
            fact("2024-03-08", "a", "push", 9),
            fact("2024-03-08", "a", "push", 10),
            fact("2024-03-08", "a", "push", 15),
            fact("2024-03-08", "a", "email", 15),
            fact("2024-03-09", "a", "push", 3));
    Dataset<Row> histogram = PushPressure.histogram(facts, 10);
    assertEquals(PushHistogramTable.SPEC.columnNames(), List.of(histogram.columns()));
    assertRows(
        histogram,
        "[2024-03-08,a,push,0,0,2]",
        "[2024-03-08,a,push,9,9,1]",
        "[2024-03-08,a,push,10,10+,2]",
        "[2024-03-08,a,email,10,10+,1]",
        "[2024-03-09,a,push,3,3,1]");
  }

  @Test
  void histogramCapFollowsTheArgument(SparkSession spark) {
    Dataset<Row> facts =
        frame(
            spark,
            FACTS,
            fact("2024-03-08", "a", "push", 2),
            fact("2024-03-08", "a", "push", 3),
            fact("2024-03-08", "a", "push", 4));
    assertRows(
        PushPressure.histogram(facts, 3),
        "[2024-03-08,a,push,2,2,1]",
        "[2024-03-08,a,push,3,3+,2]");
  }
}
