package io.optout.lake;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.optout.config.Lake;
import io.optout.schema.InputColumns;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One lake after the contract check: the valid rows, the rejected rows and the accounting
 * {@code read = used + rejected + duplicates} ("used" = distinct valid rows).
 *
 * <p>The accounting is one aggregation over the lake that shuffles four longs per row, not the
 * rows themselves (see {@link RowGroups}); nothing is persisted. The frames handed out are lazy: a
 * metric that needs the rows of a few users ({@link #usedRowsOf}) reads only those.
 */
public final class LakeIntake {
  /** Past this many event ids held by several users, the metrics read all used rows instead. */
  static final int MAX_SHARED_IDS = 100_000;
  /** Partitions of the accounting shuffle per configured shuffle partition: it carries every row. */
  private static final int ACCOUNTING_PARTITIONS_PER_SHUFFLE_PARTITION = 4;

  private static final String FIRST_KEY = "_first_key";
  private static final String SECOND_KEY = "_second_key";
  private static final String IDENTIFIED = "_identified";
  private static final String USER_HASH = "_user_hash";
  private static final String ROWS = "_rows";
  private static final String DISTINCT_ROWS = "_distinct_rows";
  private static final String SHARED = "_shared";
  private static final String SHARED_IDS = "_shared_ids";
  private static final String USER_SELECTED = "_user_selected";

  private final Lake lake;
  private final Dataset<Row> checked;
  private final Accounting accounting;

  /**
   * What the one aggregation found. {@code sharedIds}: first keys of event ids that more than one
   * user holds; null when there were too many to list.
   */
  private record Accounting(long read, Map<String, Long> rejectedByRule, long used, List<Long> sharedIds) {}

  private LakeIntake(Lake lake, Dataset<Row> checked, Accounting accounting) {
    this.lake = lake;
    this.checked = checked;
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
    return new LakeIntake(lake, checked, account(checked));
  }

  /**
   * One shuffle, of four longs per row, partitioned by the first key so that the three aggregation
   * levels (distinct rows; rows per event id; totals per rule) need no further exchange.
   */
  private static Accounting account(Dataset<Row> checked) {
    int partitions =
        ACCOUNTING_PARTITIONS_PER_SHUFFLE_PARTITION
            * Integer.parseInt(checked.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    Dataset<Row> distinctRows =
        checked
            .select(
                col(ContractRules.RULE), col(FIRST_KEY), col(SECOND_KEY), col(IDENTIFIED), col(USER_HASH))
            .repartition(partitions, col(FIRST_KEY))
            .groupBy(col(ContractRules.RULE), col(FIRST_KEY), col(SECOND_KEY))
            .agg(count(lit(1)).as(ROWS), max(col(IDENTIFIED)).as(IDENTIFIED), min(USER_HASH).as(USER_HASH),
                max(USER_HASH).as(USER_HASH + "_max"));
    List<Row> perRule =
        distinctRows
            .groupBy(col(ContractRules.RULE), col(FIRST_KEY))
            .agg(
                sum(ROWS).as(ROWS),
                count(lit(1)).as(DISTINCT_ROWS),
                max(col(IDENTIFIED)).and(min(USER_HASH).notEqual(max(USER_HASH + "_max"))).as(SHARED))
            .groupBy(col(ContractRules.RULE))
            .agg(
                sum(ROWS).as(ROWS),
                sum(DISTINCT_ROWS).as(DISTINCT_ROWS),
                collect_list(when(col(SHARED), col(FIRST_KEY))).as(SHARED_IDS))
            .collectAsList();
    long read = 0;
    long used = 0;
    List<Long> sharedIds = List.of();
    Map<String, Long> byRule = new TreeMap<>();
    for (Row row : perRule) {
      long rows = row.getLong(1);
      read += rows;
      if (row.isNullAt(0)) {
        used = row.getLong(2);
        sharedIds = row.getList(3);
      } else {
        byRule.put(row.getString(0), rows);
      }
    }
    return new Accounting(read, byRule, used, sharedIds.size() > MAX_SHARED_IDS ? null : List.copyOf(sharedIds));
  }

  private static Dataset<Row> validRows(Lake lake, Dataset<Row> checked) {
    return checked.where(col(ContractRules.RULE).isNull()).select(ContractRules.contractColumns(lake));
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
        users.select(col(InputColumns.APP_ID), col(InputColumns.USER_ID)).distinct().withColumn(USER_SELECTED, lit(true));
    Column keep = col(USER_SELECTED).isNotNull();
    if (!accounting.sharedIds().isEmpty()) {
      keep = keep.or(col(IDENTIFIED).and(col(FIRST_KEY).isin(accounting.sharedIds().toArray())));
    }
    Dataset<Row> rows =
        checked
            .where(col(ContractRules.RULE).isNull())
            .join(broadcast(selected), new String[] {InputColumns.APP_ID, InputColumns.USER_ID}, "left")
            .where(keep);
    return validRows(lake, rows).dropDuplicates();
  }

  /** Rejected rows: contract columns, dt, rule and raw JSON. */
  public Dataset<Row> rejected() {
    return checked.where(col(ContractRules.RULE).isNotNull()).drop(FIRST_KEY, SECOND_KEY, IDENTIFIED, USER_HASH);
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
    return accounting.rejectedByRule().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /** One raw row that broke the rule, for the failure message. */
  public String exampleOf(String rule) {
    Row row = checked.where(col(ContractRules.RULE).equalTo(rule)).select(ContractRules.RAW).first();
    return row.getString(0);
  }

  @Override
  public String toString() {
    return lake.key() + ": read " + rowsRead() + " = used " + rowsUsed() + " + rejected " + rowsRejected()
        + " + exact duplicates " + rowsDuplicate();
  }
}
