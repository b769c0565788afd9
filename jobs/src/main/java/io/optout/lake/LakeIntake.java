package io.optout.lake;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.spark.KeptFrames;
import io.optout.spark.internal.PlanSize;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One lake after the contract check: the valid rows, the rejected rows and the accounting {@code
 * read = used + rejected + duplicates} ("used" = distinct valid rows).
 *
 * <p>The accounting is one pass over the lake that shuffles four longs per row, not the rows
 * themselves (see {@link RowGroups} and {@link AccountingPass}); only its small output is kept. The
 * frames handed out are lazy: a metric that needs the rows of a few users ({@link #usedRowsOf})
 * reads only those.
 */
public final class LakeIntake {
  /** Past this many event ids held by several users, the metrics read all used rows instead. */
  static final int MAX_SHARED_IDS = 100_000;

  /**
   * Estimated bytes of checked rows per accounting partition (see {@link #accountingPartitions}).
   */
  static final long ACCOUNTING_BYTES_PER_PARTITION = 32L << 20;

  private static final int MAX_ACCOUNTING_PARTITIONS = 100_000;

  private static final String FIRST_KEY = "_first_key";
  private static final String SECOND_KEY = "_second_key";
  private static final String IDENTIFIED = "_identified";
  private static final String USER_HASH = "_user_hash";
  private static final String REJECTED = "_rejected";
  private static final String SELECTED = "_selected";
  private static final String DAY = "_day";
  private static final String USER_SELECTED = "_user_selected";

  private final Lake lake;
  private final Dataset<Row> checked;

  /** The accounting pass's output, kept: totals and rejected rows. */
  private final Dataset<Row> passed;

  private final Accounting accounting;

  /**
   * What the one aggregation found. {@code sharedIds}: first keys of event ids that more than one
   * user holds; null when there were too many to list. {@code neededIds}: those of them a selected
   * user holds (null when too many), {@code neededDays}: the days of their copies.
   */
  private record Accounting(
      long read,
      Map<String, Long> rejectedByRule,
      long used,
      List<Long> sharedIds,
      List<Long> neededIds,
      List<Integer> neededDays) {}

  /** Whether the accounting pass handed out the selected users' rows ({@link #selecting}). */
  private final boolean selecting;

  /** The checked rows as persisted by {@link #keeping} ({@link #checked} is a leaf over them). */
  private final Dataset<Row> persisted;

  private LakeIntake(
      Lake lake,
      Dataset<Row> checked,
      Dataset<Row> passed,
      Accounting accounting,
      boolean selecting,
      Dataset<Row> persisted) {
    this.lake = lake;
    this.checked = checked;
    this.passed = passed;
    this.accounting = accounting;
    this.selecting = selecting;
    this.persisted = persisted;
  }

  /** Checks the stored rows of a lake against the contract and counts the outcome. */
  public static LakeIntake of(Lake lake, Dataset<Row> stored) {
    Dataset<Row> checked = checked(lake, stored, null);
    Dataset<Row> passed = account(checked, lake, false, null);
    return new LakeIntake(lake, checked, passed, totals(passed), false, null);
  }

  /**
   * {@link #of}, with the checked rows kept (in memory, spilling to disk) before they are counted:
   * the lake is scanned and checked once for the accounting and every metric that reads it after.
   */
  public static LakeIntake keeping(Lake lake, Dataset<Row> stored) {
    // the rows as checked, without the accounting keys: hashing them again is cheaper than keeping
    Dataset<Row> kept = ContractRules.check(lake, stored).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = withKeys(lake, KeptFrames.leafOver(kept));
    Dataset<Row> passed = account(checked, lake, false, null);
    return new LakeIntake(lake, checked, passed, totals(passed), false, kept);
  }

  /**
   * {@link #of}, with the valid rows of the given users ({@code app_id, user_id}, a small frame: it
   * is broadcast) handed out by the same pass, so the lake is scanned once for the accounting and
   * the metrics of these users ({@link #selectedRows}).
   */
  public static LakeIntake selecting(Lake lake, Dataset<Row> stored, Dataset<Row> users) {
    return selecting(lake, stored, users, null);
  }

  /**
   * {@link #selecting(Lake, Dataset, Dataset)}, handing out of the selected rows with an identity
   * (an event id) only the least copy of each by {@code firstCopy}, a Serializable comparator of
   * rows of the contract columns (the copy the metrics count): the rows need no dedupe after.
   */
  public static LakeIntake selecting(
      Lake lake, Dataset<Row> stored, Dataset<Row> users, Comparator<Row> firstCopy) {
    Dataset<Row> checked = checked(lake, stored, users);
    Dataset<Row> passed = account(checked, lake, true, firstCopy);
    return new LakeIntake(lake, checked, passed, totals(passed), true, null);
  }

  /** The contract check and the accounting keys; with {@code users}, who is selected. */
  private static Dataset<Row> checked(Lake lake, Dataset<Row> stored, Dataset<Row> users) {
    Dataset<Row> checked = withKeys(lake, ContractRules.check(lake, stored));
    return users == null ? checked : markSelected(checked, users);
  }

  /** The accounting keys of checked rows ({@link RowGroups}). */
  private static Dataset<Row> withKeys(Lake lake, Dataset<Row> checked) {
    Column valid = col(ContractRules.RULE).isNull();
    return checked
        .withColumn(FIRST_KEY, RowGroups.firstKey(lake))
        .withColumn(SECOND_KEY, when(valid, RowGroups.secondKey(lake)))
        .withColumn(IDENTIFIED, valid.and(RowGroups.identified(lake)))
        .withColumn(USER_HASH, when(col(IDENTIFIED), RowGroups.holder(lake)));
  }

  private static Dataset<Row> markSelected(Dataset<Row> checked, Dataset<Row> users) {
    Dataset<Row> selected =
        users
            .select(col(Columns.APP_ID), col(Columns.USER_ID))
            .distinct()
            .withColumn(USER_SELECTED, lit(true));
    return checked.join(
        broadcast(selected), new String[] {Columns.APP_ID, Columns.USER_ID}, "left");
  }

  /**
   * One scan and one shuffle of four longs per row (plus the rejected rows, raw, and the selected
   * users' rows), partitioned and sorted by the first key, counted in one linear pass ({@link
   * AccountingPass}). The pass's output, the totals, the rejected and the selected rows, is small
   * and kept: the rejects table and the metrics read it instead of scanning the lake again. {@code
   * firstCopy}: which copy of an event id the pass hands out, or null for every distinct row.
   */
  private static Dataset<Row> account(
      Dataset<Row> checked, Lake lake, boolean selecting, Comparator<Row> firstCopy) {
    Column rejectedRow = struct(rejectedColumns(checked));
    Column valid = col(ContractRules.RULE).isNull();
    Column selected = selecting ? valid.and(col(USER_SELECTED).isNotNull()) : lit(false);
    Column day = lake.partitionedByDt() ? dayNumber() : lit(null).cast(DataTypes.IntegerType);
    Dataset<Row> keys =
        checked.select(
            col(ContractRules.RULE),
            col(FIRST_KEY),
            col(SECOND_KEY),
            col(IDENTIFIED),
            col(USER_HASH),
            when(col(ContractRules.RULE).isNotNull(), rejectedRow).as(REJECTED),
            when(selected, struct(ContractRules.contractColumns(lake))).as(SELECTED),
            day.as(DAY));
    StructType rejectedType = (StructType) keys.schema().apply(REJECTED).dataType();
    StructType selectedType = (StructType) keys.schema().apply(SELECTED).dataType();
    AccountingPass pass =
        new AccountingPass(
            firstCopy == null ? List.of() : RowGroups.identityColumns(lake),
            firstCopy,
            rejectedType,
            selectedType);
    return keys.repartition(accountingPartitions(checked), col(FIRST_KEY))
        // one long key: Spark radix-sorts it; the pass tells distinct rows of a group apart
        .sortWithinPartitions(col(FIRST_KEY))
        .mapPartitions(pass, Encoders.row(pass.outputSchema()))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** A row's dt partition as days since 1970-01-01, as the accounting pass names needed days. */
  private static Column dayNumber() {
    return datediff(col(Columns.DT), lit(java.sql.Date.valueOf(LocalDate.EPOCH)));
  }

  /**
   * Partitions of the accounting shuffle, sized to the lake: Spark's estimate of the rows read over
   * {@link #ACCOUNTING_BYTES_PER_PARTITION}, at least one. Each partition is sorted in memory, so a
   * large lake needs many; a small one needs one task, not one per shuffle partition.
   */
  static int accountingPartitions(Dataset<Row> checked) {
    BigInteger estimate = PlanSize.estimatedBytes(checked);
    BigInteger partitions =
        estimate
            .add(BigInteger.valueOf(ACCOUNTING_BYTES_PER_PARTITION - 1))
            .divide(BigInteger.valueOf(ACCOUNTING_BYTES_PER_PARTITION));
    return partitions
        .max(BigInteger.ONE)
        .min(BigInteger.valueOf(MAX_ACCOUNTING_PARTITIONS))
        .intValue();
  }

  private static Column[] rejectedColumns(Dataset<Row> checked) {
    return java.util.Arrays.stream(checked.columns())
        .filter(
            c ->
                !c.equals(FIRST_KEY)
                    && !c.equals(SECOND_KEY)
                    && !c.equals(IDENTIFIED)
                    && !c.equals(USER_HASH)
                    && !c.equals(USER_SELECTED))
        .map(c -> col(c))
        .toArray(Column[]::new);
  }

  /** Sums the per-partition totals of the pass. */
  private static Accounting totals(Dataset<Row> passed) {
    long read = 0;
    long used = 0;
    List<Long> sharedIds = new ArrayList<>();
    List<Long> neededIds = new ArrayList<>();
    Set<Integer> neededDays = new TreeSet<>();
    Map<String, Long> byRule = new TreeMap<>();
    Column totalsOnly = col(REJECTED).isNull().and(col(SELECTED).isNull());
    for (Row row : passed.where(totalsOnly).collectAsList()) {
      long rows = row.getLong(AccountingPass.ROWS);
      read += rows;
      if (row.isNullAt(AccountingPass.RULE)) {
        used += row.getLong(AccountingPass.DISTINCT_ROWS);
        sharedIds.addAll(row.<Long>getList(AccountingPass.SHARED_IDS));
        neededIds.addAll(row.<Long>getList(AccountingPass.NEEDED_IDS));
        neededDays.addAll(row.<Integer>getList(AccountingPass.NEEDED_DAYS));
      } else {
        byRule.merge(row.getString(AccountingPass.RULE), rows, Long::sum);
      }
    }
    return new Accounting(
        read,
        byRule,
        used,
        sharedIds.size() > MAX_SHARED_IDS ? null : List.copyOf(sharedIds),
        neededIds.size() > MAX_SHARED_IDS ? null : List.copyOf(neededIds),
        List.copyOf(neededDays));
  }

  private static Dataset<Row> validRows(Lake lake, Dataset<Row> checked) {
    return checked
        .where(col(ContractRules.RULE).isNull())
        .select(ContractRules.contractColumns(lake));
  }

  public Lake lake() {
    return lake;
  }

  /** Whether the accounting pass handed out the rows of selected users ({@link #selecting}). */
  public boolean selects() {
    return selecting;
  }

  /** Valid rows, exact duplicates counted once, contract columns only. */
  public Dataset<Row> used() {
    return valid().dropDuplicates();
  }

  /**
   * Valid rows with exact duplicates kept, contract columns only: for metrics that count distinct
   * values or take a maximum, which duplicates cannot change, so they need no dedupe shuffle.
   */
  public Dataset<Row> valid() {
    return validRows(lake, checked);
  }

  /**
   * The used rows (exact duplicates once) of the given users ({@code app_id, user_id}, a small
   * frame: it is broadcast), plus every used row of an event id that more than one user holds. For
   * the event lake this keeps every copy of each event id these users hold, so deduplicating event
   * ids over the result decides each of their events exactly as over the whole lake.
   */
  public Dataset<Row> usedRowsOf(Dataset<Row> users) {
    if (accounting.sharedIds() == null) {
      return used();
    }
    Dataset<Row> selected =
        users
            .select(col(Columns.APP_ID), col(Columns.USER_ID))
            .distinct()
            .withColumn(USER_SELECTED, lit(true));
    Column keep = col(USER_SELECTED).isNotNull();
    if (!accounting.sharedIds().isEmpty()) {
      keep = keep.or(col(IDENTIFIED).and(col(FIRST_KEY).isin(accounting.sharedIds().toArray())));
    }
    Dataset<Row> rows =
        checked
            .drop(USER_SELECTED)
            .where(col(ContractRules.RULE).isNull())
            .join(broadcast(selected), new String[] {Columns.APP_ID, Columns.USER_ID}, "left")
            .where(keep);
    return validRows(lake, rows).dropDuplicates();
  }

  /**
   * For an intake {@link #selecting} users: the selected users' valid rows as the accounting pass
   * handed them out, each distinct row once (of an event id, only the first copy when the pass had
   * an order of copies). Where they share an event id with other users, {@link #sharedCopies} has
   * every copy.
   */
  public Dataset<Row> selectedRows() {
    if (!selecting) {
      throw new IllegalStateException(lake.key() + ": the intake selected no users");
    }
    return passed.where(col(SELECTED).isNotNull()).select(col(SELECTED + ".*"));
  }

  /**
   * Every used copy of the event ids the selected users share with other users, which deciding the
   * copy that counts needs; empty when they share none (the usual case). The pass names those ids
   * and the days of their copies, so only those days are read again; past {@link #MAX_SHARED_IDS}
   * ids, every used row.
   */
  public Optional<Dataset<Row>> sharedCopies() {
    if (accounting.neededIds() == null) {
      return Optional.of(used());
    }
    if (accounting.neededIds().isEmpty()) {
      return Optional.empty();
    }
    Column days = dayNumber().isin(accounting.neededDays().toArray());
    Dataset<Row> shared =
        checked
            .where(days)
            .where(col(IDENTIFIED).and(col(FIRST_KEY).isin(accounting.neededIds().toArray())));
    return Optional.of(validRows(lake, shared).dropDuplicates());
  }

  /** Rejected rows: contract columns, dt, rule and the raw row as JSON. */
  public Dataset<Row> rejected() {
    return passed
        .where(col(REJECTED).isNotNull())
        .select(col(REJECTED + ".*"))
        .withColumn(ContractRules.RAW, ContractRules.rawJson());
  }

  /** Frees what the intake keeps (the accounting's output, the checked rows if kept). */
  public void release() {
    passed.unpersist();
    if (persisted != null) {
      persisted.unpersist();
    }
  }

  public long rowsRead() {
    return accounting.read();
  }

  public long rowsUsed() {
    return accounting.used();
  }

  public long rowsRejected() {
    return accounting.rejectedByRule().values().stream().mapToLong(Long::longValue).sum();
  }

  public long rowsDuplicate() {
    return rowsRead() - rowsRejected() - rowsUsed();
  }

  public Map<String, Long> rejectedByRule() {
    return Map.copyOf(accounting.rejectedByRule());
  }

  public double rejectedShare() {
    return rowsRead() == 0 ? 0.0 : (double) rowsRejected() / rowsRead();
  }

  /** The most frequent broken rule, for the failure message. */
  public String commonestRule() {
    return accounting.rejectedByRule().entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** One raw row that broke the rule, for the failure message. */
  public String exampleOf(String rule) {
    Row row =
        rejected().where(col(ContractRules.RULE).equalTo(rule)).select(ContractRules.RAW).first();
    return row.getString(0);
  }

  @Override
  public String toString() {
    return lake.key()
        + ": read "
        + rowsRead()
        + " = used "
        + rowsUsed()
        + " + rejected "
        + rowsRejected()
        + " + exact duplicates "
        + rowsDuplicate();
  }
}
