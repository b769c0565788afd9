package io.optout.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.metrics.AppEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

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
  void thePassCopiesWhatItHandsOutFromInputRowsThatSparkReuses() {
    // sorted by first key: e1 of u1 twice (the later copy first, and an exact duplicate of it),
    // one rejected row, one valid row of a user not selected, then e4 of u1, whose row overwrites
    // the bytes the rejected row had
    List<InternalRow> sorted =
        List.of(
            valid(1, 11, selected("e1", "2024-03-01T10:00:05Z")),
            valid(1, 11, selected("e1", "2024-03-01T10:00:05Z")),
            valid(1, 12, selected("e1", "2024-03-01T10:00:00Z")),
            rejected("user_id: required", "{\"app_id\":\"a1\"}"),
            valid(3, 31, null),
            valid(4, 41, selected("e4", "2024-03-01T11:00:00Z")));
    List<InternalRow> out = run(sorted);

    List<String> handedOut = new ArrayList<>();
    TreeMap<String, Long> rejectedByRule = new TreeMap<>();
    long validRows = -1;
    long distinctRows = -1;
    for (InternalRow row : out) {
      if (!row.isNullAt(AccountingPass.SELECTED)) {
        InternalRow event = row.getStruct(AccountingPass.SELECTED, SELECTED.size());
        handedOut.add(event.getUTF8String(2) + "@" + event.getLong(4));
      } else if (!row.isNullAt(AccountingPass.REJECTED)) {
        handedOut.add(
            "rejected " + row.getStruct(AccountingPass.REJECTED, REJECTED.size()).getUTF8String(0));
      } else if (!row.isNullAt(AccountingPass.RULE)) {
        rejectedByRule.put(
            row.getUTF8String(AccountingPass.RULE).toString(), row.getLong(AccountingPass.ROWS));
      } else {
        validRows = row.getLong(AccountingPass.ROWS);
        distinctRows = row.getLong(AccountingPass.DISTINCT_ROWS);
      }
    }
    assertEquals(
        List.of(
            "rejected {\"app_id\":\"a1\"}",
            "e1@" + micros("2024-03-01T10:00:00Z"),
            "e4@" + micros("2024-03-01T11:00:00Z")),
        handedOut);
    assertEquals(5, validRows);
    assertEquals(4, distinctRows);
    assertEquals(1L, rejectedByRule.get("user_id: required"));
  }

  /** The pass over {@code sorted} as Spark feeds it: one row object, rewritten for each row. */
  private static List<InternalRow> run(List<InternalRow> sorted) {
    UnsafeProjection reused = UnsafeProjection.create(INPUT);
    Iterator<InternalRow> input =
        sorted.stream().map(r -> (InternalRow) reused.apply(r)).iterator();
    AccountingPass pass =
        new AccountingPass(
            List.of("app_id", "event_id"), AppEvents.earliestCopy(), REJECTED, SELECTED);
    List<InternalRow> out = new ArrayList<>();
    try {
      pass.call(input).forEachRemaining(out::add);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static InternalRow valid(long first, long second, InternalRow selected) {
    return new GenericInternalRow(
        new Object[] {null, first, second, true, 7L, null, selected, 19783});
  }

  private static InternalRow rejected(String rule, String raw) {
    InternalRow row = new GenericInternalRow(new Object[] {utf8(raw), utf8("2024-03-01")});
    return new GenericInternalRow(
        new Object[] {utf8(rule), 2L, null, false, null, row, null, 19783});
  }

  private static InternalRow selected(String eventId, String time) {
    return new GenericInternalRow(
        new Object[] {
          utf8("a1"), utf8("u1"), utf8(eventId), utf8("app_open"), micros(time), utf8("ios")
        });
  }

  private static long micros(String instant) {
    Instant at = Instant.parse(instant);
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  private static UTF8String utf8(String value) {
    return UTF8String.fromString(value);
  }
}
