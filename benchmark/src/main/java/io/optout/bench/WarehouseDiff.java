package io.optout.bench;

import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.schema.tables.RunsTable;
import io.optout.warehouse.DeltaWarehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares every output table of two warehouses row for row (as multisets), leaving out what
 * differs between any two runs by design: the run log, and the run id and time on rejected rows.
 */
final class WarehouseDiff {
  private static final Set<String> RUN_COLUMNS = Set.of(Columns.RUN_ID, Columns.REJECTED_AT);

  /** One table's outcome: rows on each side and how many of them the other side lacks. */
  record TableDiff(
      String table, long leftRows, long rightRows, long onlyLeft, long onlyRight, boolean missing) {
    boolean same() {
      return !missing && onlyLeft == 0 && onlyRight == 0;
    }

    String describe() {
      if (missing) {
        return table + ": present in one warehouse only";
      }
      return same()
          ? table + ": same " + leftRows + " rows"
          : table
              + ": DIFFERENT, "
              + onlyLeft
              + " of "
              + leftRows
              + " rows only left, "
              + onlyRight
              + " of "
              + rightRows
              + " only right";
    }
  }

  private WarehouseDiff() {}

  static List<TableDiff> compare(SparkSession spark, String left, String right) {
    DeltaWarehouse a = new DeltaWarehouse(spark, left);
    DeltaWarehouse b = new DeltaWarehouse(spark, right);
    List<TableDiff> diffs = new ArrayList<>();
    for (TableSpec table : Tables.all()) {
      if (table.name().equals(RunsTable.NAME)) {
        continue;
      }
      boolean inA = a.exists(table);
      boolean inB = b.exists(table);
      if (!inA && !inB) {
        continue;
      }
      if (inA != inB) {
        diffs.add(new TableDiff(table.name(), 0, 0, 0, 0, true));
        continue;
      }
      Dataset<Row> rowsA = comparable(a.read(table));
      Dataset<Row> rowsB = comparable(b.read(table));
      diffs.add(
          new TableDiff(
              table.name(),
              rowsA.count(),
              rowsB.count(),
              rowsA.exceptAll(rowsB).count(),
              rowsB.exceptAll(rowsA).count(),
              false));
    }
    return diffs;
  }

  private static Dataset<Row> comparable(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    for (String column : RUN_COLUMNS) {
      if (List.of(out.columns()).contains(column)) {
        out = out.drop(column);
      }
    }
    return out;
  }
}
