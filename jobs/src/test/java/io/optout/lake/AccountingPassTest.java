package io.optout.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.metrics.AppEvents;
import io.optout.testing.SparkTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

@SparkTest
class AccountingPassTest {
  private static final StructType REJECTED =
      new StructType().add("raw", DataTypes.StringType).add("dt", DataTypes.StringType);

  /** The fields of a selected event that {@link AppEvents#earliestCopy} reads. */
  private static final StructType SELECTED =
      new StructType()
          .add("app_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("event_id", DataTypes.StringType)
          .add("event_name", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("platform", DataTypes.StringType);

  private static final StructType INPUT =
      new StructType()
          .add("rule", DataTypes.StringType)
          .add("first", DataTypes.LongType)
          .add("second", DataTypes.LongType)
          .add("identified", DataTypes.BooleanType)
          .add("holder", DataTypes.LongType)
          .add("rejected", REJECTED)
          .add("selected", SELECTED)
          .add("day", DataTypes.IntegerType);

  @Test
  void aGroupTellsEachDistinctSecondKeyOnceAlsoPastTheSmallArray() {
    AccountingPass.SecondKeys keys = new AccountingPass.SecondKeys();
    for (long key = 0; key < 40; key++) {
      assertTrue(keys.add(key * 7), "first time " + key);
    }
    for (long key = 0; key < 40; key++) {
      assertFalse(keys.add(key * 7), "again " + key);
    }
    assertTrue(keys.add(-1));
    keys.clear();
    assertTrue(keys.add(0), "a new group starts empty");
    assertFalse(keys.add(0));
  }

  @Test
  void thePassHandsOutTheFirstCopyOfEachSelectedEventAndCountsTheRest() {
    // sorted by first key: e1 of u1 twice (the later copy first, and an exact duplicate of it),
    // one rejected row, one valid row of a user not selected, then e4 of u1
    List<Row> sorted =
        List.of(
            valid(1, 11, selected("e1", "2024-03-01T10:00:05Z")),
            valid(1, 11, selected("e1", "2024-03-01T10:00:05Z")),
            valid(1, 12, selected("e1", "2024-03-01T10:00:00Z")),
            rejected("user_id: required", "{\"app_id\":\"a1\"}"),
            valid(3, 31, null),
            valid(4, 41, selected("e4", "2024-03-01T11:00:00Z")));
    List<Row> out = run(sorted);

    List<String> handedOut = new ArrayList<>();
    TreeMap<String, Long> rejectedByRule = new TreeMap<>();
    long validRows = -1;
    long distinctRows = -1;
    for (Row row : out) {
      if (!row.isNullAt(AccountingPass.SELECTED)) {
        Row event = row.getStruct(AccountingPass.SELECTED);
        handedOut.add(event.getString(2) + "@" + event.getTimestamp(4).toInstant());
      } else if (!row.isNullAt(AccountingPass.REJECTED)) {
        handedOut.add("rejected " + row.getStruct(AccountingPass.REJECTED).getString(0));
      } else if (!row.isNullAt(AccountingPass.RULE)) {
        rejectedByRule.put(row.getString(AccountingPass.RULE), row.getLong(AccountingPass.ROWS));
      } else {
        validRows = row.getLong(AccountingPass.ROWS);
        distinctRows = row.getLong(AccountingPass.DISTINCT_ROWS);
      }
    }
    assertEquals(
        List.of(
            "rejected {\"app_id\":\"a1\"}", "e1@2024-03-01T10:00:00Z", "e4@2024-03-01T11:00:00Z"),
        handedOut);
    assertEquals(5, validRows);
    assertEquals(4, distinctRows);
    assertEquals(1L, rejectedByRule.get("user_id: required"));
  }

  @Test
  void theTotalsRowNamesTheIdsOtherUsersHoldAndTheDaysOfTheirCopies() {
    // event id 5 held by two users (holders 7 and 8), on days 19783 and 19785; one of them selected
    List<Row> sorted =
        List.of(
            RowFactory.create(
                null, 5L, 51L, true, 7L, null, selected("e5", "2024-03-01T10:00:00Z"), 19783),
            RowFactory.create(null, 5L, 52L, true, 8L, null, null, 19785),
            RowFactory.create(null, 6L, 61L, true, 7L, null, null, 19783));
    Row totals =
        run(sorted).stream().filter(r -> r.isNullAt(AccountingPass.SELECTED)).findFirst().get();
    assertArrayEquals(new long[] {5L}, (long[]) totals.get(AccountingPass.SHARED_IDS));
    assertArrayEquals(new long[] {5L}, (long[]) totals.get(AccountingPass.NEEDED_IDS));
    assertArrayEquals(
        new int[] {19783, 19784, 19785}, (int[]) totals.get(AccountingPass.NEEDED_DAYS));
  }

  @Test
  void thePassRunsThroughSparksRowEncoder(SparkSession spark) {
    AccountingPass pass =
        new AccountingPass(
            List.of("app_id", "event_id"), AppEvents.earliestCopy(), REJECTED, SELECTED);
    List<Row> sorted =
        List.of(
            valid(1, 11, selected("e1", "2024-03-01T10:00:05Z")),
            valid(1, 12, selected("e1", "2024-03-01T10:00:00Z")),
            rejected("user_id: required", "{}"));
    List<Row> out =
        spark
            .createDataFrame(sorted, INPUT)
            .coalesce(1)
            .mapPartitions(pass, Encoders.row(pass.outputSchema()))
            .collectAsList();
    // the rejected row, the first copy of e1, the totals of valid rows, the count of the rule
    assertEquals(4, out.size(), out.toString());
    assertEquals("{}", out.get(0).getStruct(AccountingPass.REJECTED).getString(0));
    assertEquals(
        Timestamp.from(Instant.parse("2024-03-01T10:00:00Z")),
        out.get(1).getStruct(AccountingPass.SELECTED).getTimestamp(4));
    Row totals = out.get(2);
    assertEquals(2L, totals.getLong(AccountingPass.ROWS));
    assertEquals(List.of(), totals.getList(AccountingPass.SHARED_IDS));
    assertEquals(List.of(), totals.getList(AccountingPass.NEEDED_DAYS));
    assertEquals(1L, out.get(3).getLong(AccountingPass.ROWS));
  }

  private static List<Row> run(List<Row> sorted) {
    AccountingPass pass =
        new AccountingPass(
            List.of("app_id", "event_id"), AppEvents.earliestCopy(), REJECTED, SELECTED);
    List<Row> out = new ArrayList<>();
    try {
      pass.call(sorted.iterator()).forEachRemaining(out::add);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static Row valid(long first, long second, Row selected) {
    return RowFactory.create(null, first, second, true, 7L, null, selected, 19783);
  }

  private static Row rejected(String rule, String raw) {
    return RowFactory.create(
        rule, 2L, null, false, null, RowFactory.create(raw, "2024-03-01"), null, 19783);
  }

  private static Row selected(String eventId, String time) {
    return new GenericRowWithSchema(
        new Object[] {"a1", "u1", eventId, "app_open", Timestamp.from(Instant.parse(time)), "ios"},
        SELECTED);
  }
}
