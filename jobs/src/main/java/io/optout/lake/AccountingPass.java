package io.optout.lake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The accounting of one shuffled partition in a single linear pass. Its input is sorted by the
 * first row key of {@link RowGroups}, so every copy of an event id, and every copy of a row, lies
 * in one run of equal first keys (a group), whose distinct rows the second key tells apart. It
 * emits each rejected row as it passes, then one row of totals for the valid rows and one per
 * broken rule. A sort of one long and one pass replace three levels of hash aggregation over every
 * row (the intake's most expensive step, docs/performance.md).
 *
 * <p>When the intake selects users ({@link LakeIntake#selecting}), the pass also hands out their
 * distinct valid rows (each once: equal keys are equal rows); given an order of copies, only the
 * first copy of each event id, as the metrics count it. It names the event ids they hold that
 * another user holds too ("needed" ids, with the days of all their copies): deciding which copy of
 * such an id counts needs the other users' rows, which a follow-up read of those days fetches.
 *
 * <p>The pass runs through {@code Dataset.mapPartitions} with {@code Encoders.row} (Spark's public
 * API): it reads and writes {@link Row}s, each a fresh object, so what it hands out needs no copy.
 *
 * <p>Input columns, by position: rule (string, null when valid), first key (long), second key
 * (long, null when rejected), identified (boolean), holder hash (long, null unless identified),
 * rejected row (struct, null when valid), selected row (struct, null unless a valid row of a
 * selected user), day (int, days since 1970-01-01 of the row's dt partition, null without one).
 */
final class AccountingPass implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Fields of a selected row that name its identity (an event id); empty for other lakes. */
  private final List<String> identity;

  /** Which copy of an identity is handed out (the least); null hands out every distinct copy. */
  private final Comparator<Row> firstCopy;

  /** The input's rejected and selected row types. */
  private final StructType rejectedType;

  private final StructType selectedType;

  /**
   * A pass over input whose rejected and selected rows have these types. With {@code firstCopy} (a
   * Serializable comparator of selected rows), it hands out of the selected rows with an {@code
   * identity} only the least copy of each; without, every distinct selected row.
   */
  AccountingPass(
      List<String> identity,
      Comparator<Row> firstCopy,
      StructType rejectedType,
      StructType selectedType) {
    this.identity = List.copyOf(identity);
    this.firstCopy = firstCopy;
    this.rejectedType = rejectedType;
    this.selectedType = selectedType;
  }

  static final int RULE = 0;
  static final int ROWS = 1;
  static final int DISTINCT_ROWS = 2;
  static final int SHARED_IDS = 3;
  static final int REJECTED = 4;
  static final int SELECTED = 5;
  static final int NEEDED_IDS = 6;
  static final int NEEDED_DAYS = 7;
  private static final int OUTPUT_FIELDS = NEEDED_DAYS + 1;

  private static final int IN_RULE = 0;
  private static final int IN_FIRST_KEY = 1;
  private static final int IN_SECOND_KEY = 2;
  private static final int IN_IDENTIFIED = 3;
  private static final int IN_HOLDER = 4;
  private static final int IN_REJECTED = 5;
  private static final int IN_SELECTED = 6;
  private static final int IN_DAY = 7;

  /** What the pass emits: see the positions above. */
  StructType outputSchema() {
    return new StructType(
        new StructField[] {
          DataTypes.createStructField("_rule", DataTypes.StringType, true),
          DataTypes.createStructField("_rows", DataTypes.LongType, true),
          DataTypes.createStructField("_distinct_rows", DataTypes.LongType, true),
          DataTypes.createStructField(
              "_shared_ids", DataTypes.createArrayType(DataTypes.LongType, false), true),
          DataTypes.createStructField("_rejected", rejectedType, true),
          DataTypes.createStructField("_selected", selectedType, true),
          DataTypes.createStructField(
              "_needed_ids", DataTypes.createArrayType(DataTypes.LongType, false), true),
          DataTypes.createStructField(
              "_needed_days", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        });
  }

  @Override
  public Iterator<Row> call(Iterator<Row> sorted) {
    return new Pass(sorted, this);
  }

  /** An output row with {@code value} at {@code position} and every other field null. */
  private static Row only(int position, Object value) {
    Object[] values = new Object[OUTPUT_FIELDS];
    values[position] = value;
    return RowFactory.create(values);
  }

  /**
   * The distinct second keys of one group. A group is the copies of one event id, or of one row:
   * nearly always one or two keys, looked up in a small array; a large group moves to a hash set.
   */
  static final class SecondKeys {
    private static final int SMALL = 16;
    private final long[] small = new long[SMALL];
    private int size;
    private Set<Long> large;

    /** Adds a key; true when it was not there yet. */
    boolean add(long key) {
      if (large != null) {
        return large.add(key);
      }
      for (int i = 0; i < size; i++) {
        if (small[i] == key) {
          return false;
        }
      }
      if (size < SMALL) {
        small[size++] = key;
        return true;
      }
      large = new HashSet<>();
      for (long known : small) {
        large.add(known);
      }
      return large.add(key);
    }

    void clear() {
      size = 0;
      large = null;
    }
  }

  /** Emits rejected and selected rows while reading; the totals once the input is exhausted. */
  private static final class Pass implements Iterator<Row> {
    private final Iterator<Row> input;
    private final Comparator<Row> firstCopy;

    /** Positions of the identity fields in a selected row. */
    private final int[] identityPositions;

    private final Deque<Row> pending = new ArrayDeque<>();

    /** The current group's distinct selected rows with an identity, until the group closes. */
    private final List<Row> groupCopies = new ArrayList<>();

    private final Map<String, Long> rejectedByRule = new TreeMap<>();
    private final List<Long> sharedIds = new ArrayList<>();
    private final List<Long> neededIds = new ArrayList<>();
    private final Set<Integer> neededDays = new TreeSet<>();
    private Iterator<Row> totals;
    private Row next;

    private long validRows;
    private long distinctRows;
    private boolean inGroup;
    private long firstKey;

    /** Second keys of the current group's rows: each distinct one once. */
    private final SecondKeys groupRows = new SecondKeys();

    private boolean groupIdentified;
    private Long minHolder;
    private Long maxHolder;
    private boolean groupSelected;
    private int firstDay;
    private int lastDay;

    Pass(Iterator<Row> input, AccountingPass pass) {
      this.input = input;
      this.firstCopy = pass.firstCopy;
      this.identityPositions = new int[pass.identity.size()];
      for (int i = 0; i < identityPositions.length; i++) {
        identityPositions[i] = pass.selectedType.fieldIndex(pass.identity.get(i));
      }
      this.firstDay = Integer.MAX_VALUE;
      this.lastDay = Integer.MIN_VALUE;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (!pending.isEmpty()) {
          next = pending.poll();
        } else if (totals != null) {
          if (!totals.hasNext()) {
            return false;
          }
          next = totals.next();
        } else if (input.hasNext()) {
          consume(input.next());
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

    /** Counts one input row; queues what it hands out (a rejected or a selected row). */
    private void consume(Row row) {
      if (!row.isNullAt(IN_RULE)) {
        rejectedByRule.merge(row.getString(IN_RULE), 1L, Long::sum);
        pending.add(only(REJECTED, row.getStruct(IN_REJECTED)));
        return;
      }
      validRows++;
      long first = row.getLong(IN_FIRST_KEY);
      long second = row.getLong(IN_SECOND_KEY);
      if (!inGroup || first != firstKey) {
        closeGroup();
        inGroup = true;
        firstKey = first;
      }
      boolean distinct = groupRows.add(second);
      if (distinct) {
        distinctRows++;
      }
      boolean identified = row.getBoolean(IN_IDENTIFIED);
      groupIdentified |= identified;
      if (!row.isNullAt(IN_HOLDER)) {
        long holder = row.getLong(IN_HOLDER);
        minHolder = minHolder == null ? holder : Math.min(minHolder, holder);
        maxHolder = maxHolder == null ? holder : Math.max(maxHolder, holder);
      }
      if (identified && !row.isNullAt(IN_DAY)) {
        int day = row.getInt(IN_DAY);
        firstDay = Math.min(firstDay, day);
        lastDay = Math.max(lastDay, day);
      }
      if (row.isNullAt(IN_SELECTED)) {
        return;
      }
      groupSelected = true;
      if (!distinct) {
        return; // equal keys are equal rows (RowGroups): each distinct row once
      }
      Row selected = row.getStruct(IN_SELECTED);
      if (identified && firstCopy != null) {
        groupCopies.add(selected); // the copy handed out is known once the group is complete
      } else {
        pending.add(only(SELECTED, selected));
      }
    }

    /**
     * Hands out the least copy of each identity among the group's selected rows. A group is one
     * first key: nearly always one identity, but two ids whose hashes collide share it.
     */
    private void handOutFirstCopies() {
      Map<List<Object>, Row> least = new LinkedHashMap<>();
      for (Row copy : groupCopies) {
        List<Object> id = new ArrayList<>();
        for (int position : identityPositions) {
          id.add(copy.get(position));
        }
        least.merge(id, copy, (a, b) -> firstCopy.compare(a, b) <= 0 ? a : b);
      }
      least.values().forEach(copy -> pending.add(only(SELECTED, copy)));
      groupCopies.clear();
    }

    /**
     * An event id held by more than one user is shared: the pruned reads must keep all its rows.
     */
    private void closeGroup() {
      if (!groupCopies.isEmpty()) {
        handOutFirstCopies();
      }
      if (inGroup && groupIdentified && minHolder != null && !minHolder.equals(maxHolder)) {
        sharedIds.add(firstKey);
        if (groupSelected) {
          neededIds.add(firstKey);
          for (int day = firstDay; day <= lastDay; day++) {
            neededDays.add(day);
          }
        }
      }
      inGroup = false;
      groupRows.clear();
      groupIdentified = false;
      minHolder = null;
      maxHolder = null;
      groupSelected = false;
      firstDay = Integer.MAX_VALUE;
      lastDay = Integer.MIN_VALUE;
    }

    private List<Row> totals() {
      List<Row> rows = new ArrayList<>();
      Object[] valid = new Object[OUTPUT_FIELDS];
      valid[ROWS] = validRows;
      valid[DISTINCT_ROWS] = distinctRows;
      valid[SHARED_IDS] = sharedIds.stream().mapToLong(Long::longValue).toArray();
      valid[NEEDED_IDS] = neededIds.stream().mapToLong(Long::longValue).toArray();
      valid[NEEDED_DAYS] = neededDays.stream().mapToInt(Integer::intValue).toArray();
      rows.add(RowFactory.create(valid));
      rejectedByRule.forEach(
          (rule, count) -> {
            Object[] broken = new Object[OUTPUT_FIELDS];
            broken[RULE] = rule;
            broken[ROWS] = count;
            rows.add(RowFactory.create(broken));
          });
      return rows;
    }
  }
}
