package io.optout.lake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The accounting of one shuffled partition in a single linear pass. Its input is sorted by the two
 * row keys of {@link RowGroups}, so equal rows are adjacent and every copy of an event id is one
 * run of equal first keys. It emits each rejected row as it passes, then one row of totals for the
 * valid rows and one per broken rule. A sort of two longs and one pass replace three levels of hash
 * aggregation over every row (the intake's most expensive step, README, Performance).
 *
 * <p>Input columns, by position: rule (string, null when valid), first key (long), second key
 * (long, null when rejected), identified (boolean), holder hash (long, null unless identified),
 * rejected row (struct, null when valid).
 */
final class AccountingPass implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final int RULE = 0;
  static final int ROWS = 1;
  static final int DISTINCT_ROWS = 2;
  static final int SHARED_IDS = 3;
  static final int REJECTED = 4;

  private static final int IN_RULE = 0;
  private static final int IN_FIRST_KEY = 1;
  private static final int IN_SECOND_KEY = 2;
  private static final int IN_IDENTIFIED = 3;
  private static final int IN_HOLDER = 4;
  private static final int IN_REJECTED = 5;

  /** What the pass emits: see the positions above. */
  static StructType outputSchema(StructType rejectedRow) {
    return new StructType(
        new StructField[] {
          DataTypes.createStructField("_rule", DataTypes.StringType, true),
          DataTypes.createStructField("_rows", DataTypes.LongType, true),
          DataTypes.createStructField("_distinct_rows", DataTypes.LongType, true),
          DataTypes.createStructField(
              "_shared_ids", DataTypes.createArrayType(DataTypes.LongType, false), true),
          DataTypes.createStructField("_rejected", rejectedRow, true)
        });
  }

  @Override
  public Iterator<Row> call(Iterator<Row> sorted) {
    return new Pass(sorted);
  }

  /** Emits rejected rows while reading; the totals once the input is exhausted. */
  private static final class Pass implements Iterator<Row> {
    private final Iterator<Row> input;
    private final Map<String, Long> rejectedByRule = new TreeMap<>();
    private final List<Long> sharedIds = new ArrayList<>();
    private Iterator<Row> totals;
    private Row next;

    private long validRows;
    private long distinctRows;
    private boolean inGroup;
    private long firstKey;
    private long secondKey;
    private boolean groupIdentified;
    private Long minHolder;
    private Long maxHolder;

    Pass(Iterator<Row> input) {
      this.input = input;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (totals != null) {
          if (!totals.hasNext()) {
            return false;
          }
          next = totals.next();
        } else if (input.hasNext()) {
          next = consume(input.next());
        } else {
          closeGroup();
          totals = totals().iterator();
        }
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = next;
      next = null;
      return row;
    }

    /** Counts one input row; returns the row to emit for a rejected one. */
    private Row consume(Row row) {
      if (!row.isNullAt(IN_RULE)) {
        rejectedByRule.merge(row.getString(IN_RULE), 1L, Long::sum);
        return RowFactory.create(null, null, null, null, row.get(IN_REJECTED));
      }
      validRows++;
      long first = row.getLong(IN_FIRST_KEY);
      long second = row.getLong(IN_SECOND_KEY);
      if (!inGroup || first != firstKey) {
        closeGroup();
        inGroup = true;
        firstKey = first;
        distinctRows++;
      } else if (second != secondKey) {
        distinctRows++;
      }
      secondKey = second;
      groupIdentified |= row.getBoolean(IN_IDENTIFIED);
      if (!row.isNullAt(IN_HOLDER)) {
        long holder = row.getLong(IN_HOLDER);
        minHolder = minHolder == null ? holder : Math.min(minHolder, holder);
        maxHolder = maxHolder == null ? holder : Math.max(maxHolder, holder);
      }
      return null;
    }

    /**
     * An event id held by more than one user is shared: the pruned reads must keep all its rows.
     */
    private void closeGroup() {
      if (inGroup && groupIdentified && minHolder != null && !minHolder.equals(maxHolder)) {
        sharedIds.add(firstKey);
      }
      inGroup = false;
      groupIdentified = false;
      minHolder = null;
      maxHolder = null;
    }

    private List<Row> totals() {
      List<Row> rows = new ArrayList<>();
      rows.add(
          RowFactory.create(null, validRows, distinctRows, sharedIds.toArray(new Long[0]), null));
      rejectedByRule.forEach(
          (rule, count) -> rows.add(RowFactory.create(rule, count, null, null, null)));
      return rows;
    }
  }
}
