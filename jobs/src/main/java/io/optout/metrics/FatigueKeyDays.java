package io.optout.metrics;

import io.optout.schema.Columns;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The key-days of one user for {@link PushFatigue}: from the user's at-risk intervals, opt-out days
 * and received pushes (day-index intervals), one (channel, day, capped push count, opted out) per
 * key and day at risk. Plain Java over the user's few rows: the same computation in Spark's
 * higher-order functions is interpreted element by element and was most of the table's cost.
 *
 * <p>Inputs, by field position: risks (channel, from, to); outs (channel, day); pushes (first,
 * last, message_id).
 */
final class FatigueKeyDays implements UDF3<Seq<Row>, Seq<Row>, Seq<Row>, List<Row>> {
  private static final long serialVersionUID = 1L;

  static final String CHANNEL = Columns.CHANNEL;
  static final String DAY = "day";
  static final String CAPPED = "capped";
  static final String OPTED_OUT = "opted_out";

  private final int dayCount;
  private final int cap;

  FatigueKeyDays(int dayCount, int cap) {
    this.dayCount = dayCount;
    this.cap = cap;
  }

  static DataType returnType() {
    return DataTypes.createArrayType(
        new StructType(
            new StructField[] {
              DataTypes.createStructField(CHANNEL, DataTypes.StringType, true),
              DataTypes.createStructField(DAY, DataTypes.IntegerType, false),
              DataTypes.createStructField(CAPPED, DataTypes.IntegerType, false),
              DataTypes.createStructField(OPTED_OUT, DataTypes.BooleanType, false)
            }),
        false);
  }

  @Override
  public List<Row> call(Seq<Row> risks, Seq<Row> outs, Seq<Row> pushes) {
    int[] counts = distinctMessagesPerDay(pushes);
    Set<String> optOuts = new HashSet<>();
    for (Row out : JavaConverters.seqAsJavaList(outs)) {
      optOuts.add(out.getString(0) + '\u0000' + out.getInt(1));
    }
    List<Row> keyDays = new ArrayList<>();
    for (Row risk : JavaConverters.seqAsJavaList(risks)) {
      String channel = risk.getString(0);
      for (int day = Math.max(risk.getInt(1), 0);
          day <= Math.min(risk.getInt(2), dayCount - 1);
          day++) {
        boolean optedOut = optOuts.contains(channel + '\u0000' + day);
        keyDays.add(RowFactory.create(channel, day, Math.min(counts[day], cap), optedOut));
      }
    }
    return keyDays;
  }

  /** Per day index, the distinct messages with a push whose interval holds the day. */
  private int[] distinctMessagesPerDay(Seq<Row> pushes) {
    Map<String, BitSet> daysOfMessage = new HashMap<>();
    for (Row push : JavaConverters.seqAsJavaList(pushes)) {
      int first = Math.max(push.getInt(0), 0);
      int last = Math.min(push.getInt(1), dayCount - 1);
      if (first <= last) {
        daysOfMessage
            .computeIfAbsent(push.getString(2), m -> new BitSet(dayCount))
            .set(first, last + 1);
      }
    }
    int[] counts = new int[dayCount];
    for (BitSet days : daysOfMessage.values()) {
      for (int day = days.nextSetBit(0); day >= 0; day = days.nextSetBit(day + 1)) {
        counts[day]++;
      }
    }
    return counts;
  }
}
