package io.optout.lake;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.spark.KeptFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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

  private static final String FIRST_KEY = "_first_key";
  private static final String SECOND_KEY = "_second_key";
  private static final String IDENTIFIED = "_identified";
  private static final String USER_HASH = "_user_hash";
  private static final String REJECTED = "_rejected";
  private static final String USER_SELECTED = "_user_selected";

  private final Lake lake;
  private final Dataset<Row> checked;

  /** The accounting pass's output, kept: totals and rejected rows. */
  private final Dataset<Row> passed;

  private final Accounting accounting;

  /**
   * What the one aggregation found. {@code sharedIds}: first keys of event ids that more than one
   * user holds; null when there were too many to list.
   */
  private record Accounting(
      long read, Map<String, Long> rejectedByRule, long used, List<Long> sharedIds) {}

  private LakeIntake(Lake lake, Dataset<Row> checked, Dataset<Row> passed, Accounting accounting) {
    this.lake = lake;
    this.checked = checked;
    this.passed = passed;
    this.accounting = accounting;
  }

  /** Checks the stored rows of a lake against the contract and counts the outcome. */
  public static LakeIntake of(Lake lake, Dataset<Row> stored) {
    Column valid = col(ContractRules.RULE).isNull();
    Dataset<Row> checked =
        ContractRules.check(lake, stored)
            .withColumn(FIRST_KEY, RowGroups.firstKey(lake))
            .withColumn(SECOND_KEY, when(valid, RowGroups.secondKey(lake)))
            .withColumn(IDENTIFIED, valid.and(RowGroups.identified(lake)))
            .withColumn(USER_HASH, when(col(IDENTIFIED), RowGroups.holder(lake)));
    Dataset<Row> passed = account(checked);
    return new LakeIntake(lake, checked, passed, totals(passed));
  }

  /**
   * One scan and one shuffle of four longs per row (plus the rejected rows, raw), partitioned by
   * the first key and sorted by both, counted in one linear pass ({@link AccountingPass}). The
   * pass's output, the totals and the rejected rows, is small and kept: the rejects table reads it
   * instead of scanning the lake again.
   */
  private static Dataset<Row> account(Dataset<Row> checked) {
    Column rejectedRow = struct(rejectedColumns(checked));
    Dataset<Row> keys =
        checked.select(
            col(ContractRules.RULE),
            col(FIRST_KEY),
            col(SECOND_KEY),
            col(IDENTIFIED),
            col(USER_HASH),
            when(col(ContractRules.RULE).isNotNull(), rejectedRow).as(REJECTED));
    StructType rejectedType = (StructType) keys.schema().apply(REJECTED).dataType();
    // no partition count: adaptive execution sizes the partitions to the lake (one for a small one)
    return keys.repartition(col(FIRST_KEY))
        .sortWithinPartitions(col(FIRST_KEY), col(SECOND_KEY))
        .mapPartitions(
            new AccountingPass(), Encoders.row(AccountingPass.outputSchema(rejectedType)))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Column[] rejectedColumns(Dataset<Row> checked) {
    return java.util.Arrays.stream(checked.columns())
        .filter(
            c ->
                !c.equals(FIRST_KEY)
                    && !c.equals(SECOND_KEY)
                    && !c.equals(IDENTIFIED)
                    && !c.equals(USER_HASH))
        .map(c -> col(c))
        .toArray(Column[]::new);
  }

  /** Sums the per-partition totals of the pass. */
  private static Accounting totals(Dataset<Row> passed) {
    long read = 0;
    long used = 0;
    List<Long> sharedIds = new ArrayList<>();
    Map<String, Long> byRule = new TreeMap<>();
    for (Row row : passed.where(col(REJECTED).isNull()).collectAsList()) {
      long rows = row.getLong(AccountingPass.ROWS);
      read += rows;
      if (row.isNullAt(AccountingPass.RULE)) {
        used += row.getLong(AccountingPass.DISTINCT_ROWS);
        sharedIds.addAll(row.<Long>getList(AccountingPass.SHARED_IDS));
      } else {
        byRule.merge(row.getString(AccountingPass.RULE), rows, Long::sum);
      }
    }
    return new Accounting(
        read, byRule, used, sharedIds.size() > MAX_SHARED_IDS ? null : List.copyOf(sharedIds));
  }

  private static Dataset<Row> validRows(Lake lake, Dataset<Row> checked) {
    return checked
        .where(col(ContractRules.RULE).isNull())
        .select(ContractRules.contractColumns(lake));
  }

  public Lake lake() {
    return lake;
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
            .where(col(ContractRules.RULE).isNull())
            .join(broadcast(selected), new String[] {Columns.APP_ID, Columns.USER_ID}, "left")
            .where(keep);
    return validRows(lake, rows).dropDuplicates();
  }

  /** Rejected rows: contract columns, dt, rule and raw JSON. */
  public Dataset<Row> rejected() {
    return passed.where(col(REJECTED).isNotNull()).select(col(REJECTED + ".*"));
  }

  /**
   * The same intake with its valid rows kept (in memory, spilling to disk), for a lake that several
   * metrics read: they read the kept rows instead of scanning and checking the lake again.
   */
  public LakeIntake keepingValidRows(KeptFrames kept) {
    Dataset<Row> rows =
        kept.keep(
            checked
                .where(col(ContractRules.RULE).isNull())
                .drop(ContractRules.RAW, SECOND_KEY, USER_HASH));
    return new LakeIntake(lake, rows, passed, accounting);
  }

  /** Frees what the intake keeps (the accounting's output, the valid rows if kept). */
  public void release() {
    passed.unpersist();
    checked.unpersist();
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
