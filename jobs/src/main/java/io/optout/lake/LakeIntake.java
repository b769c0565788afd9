package io.optout.lake;

import static org.apache.spark.sql.functions.col;

import io.optout.config.Lake;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One lake after the contract check: the rows the metrics use (valid, exact duplicates removed,
 * without {@code dt}), the rejected rows, and the accounting
 * {@code read = used + rejected + duplicates}. Frames are persisted because the counts and the
 * metrics both read them; call {@link #release()} when the run is done.
 */
public final class LakeIntake {
  private final Lake lake;
  private final Dataset<Row> checked;
  private final Dataset<Row> used;
  private final long read;
  private final long usedCount;
  private final Map<String, Long> rejectedByRule;

  private LakeIntake(Lake lake, Dataset<Row> checked, Dataset<Row> used, long read, long usedCount, Map<String, Long> rejectedByRule) {
    this.lake = lake;
    this.checked = checked;
    this.used = used;
    this.read = read;
    this.usedCount = usedCount;
    this.rejectedByRule = rejectedByRule;
  }

  /** Checks the stored rows of a lake against the contract and counts the outcome. */
  public static LakeIntake of(Lake lake, Dataset<Row> stored) {
    Dataset<Row> checked = ContractRules.check(lake, stored).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> byRule = new TreeMap<>();
    long read = 0;
    for (Row row : checked.groupBy(col(ContractRules.RULE)).count().collectAsList()) {
      long n = row.getLong(1);
      read += n;
      if (!row.isNullAt(0)) {
        byRule.put(row.getString(0), n);
      }
    }
    Dataset<Row> used =
        checked
            .where(col(ContractRules.RULE).isNull())
            .select(ContractRules.contractColumns(lake))
            .dropDuplicates()
            .persist(StorageLevel.MEMORY_AND_DISK());
    long usedCount = used.count();
    return new LakeIntake(lake, checked, used, read, usedCount, byRule);
  }

  public Lake lake() {
    return lake;
  }

  /** Valid rows, exact duplicates counted once, contract columns only. */
  public Dataset<Row> used() {
    return used;
  }

  /** Rejected rows: contract columns, dt, rule and raw JSON. */
  public Dataset<Row> rejected() {
    return checked.where(col(ContractRules.RULE).isNotNull());
  }

  public long rowsRead() {
    return read;
  }

  public long rowsUsed() {
    return usedCount;
  }

  public long rowsRejected() {
    return rejectedByRule.values().stream().mapToLong(Long::longValue).sum();
  }

  public long rowsDuplicate() {
    return read - rowsRejected() - usedCount;
  }

  public Map<String, Long> rejectedByRule() {
    return Map.copyOf(rejectedByRule);
  }

  public double rejectedShare() {
    return read == 0 ? 0.0 : (double) rowsRejected() / read;
  }

  /** The most frequent broken rule, for the failure message. */
  public String commonestRule() {
    return rejectedByRule.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /** One raw row that broke the rule, for the failure message. */
  public String exampleOf(String rule) {
    Row row = checked.where(col(ContractRules.RULE).equalTo(rule)).select(ContractRules.RAW).first();
    return row.getString(0);
  }

  public void release() {
    checked.unpersist();
    used.unpersist();
  }

  @Override
  public String toString() {
    return lake.key() + ": read " + read + " = used " + usedCount + " + rejected " + rowsRejected() + " + exact duplicates " + rowsDuplicate();
  }
}
