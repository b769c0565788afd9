package io.optout.report;

import io.optout.OptoutException;
import io.optout.schema.TableSpec;

/**
 * Every error the report shows about the warehouse, one line naming the table (exit code 1), or the
 * warehouse (exit code 2 for a location that cannot be resolved).
 */
final class ReportErrors {
  private ReportErrors() {}

  /** A table the report cannot do without (seed tables of docs/metrics.md section 5). */
  static OptoutException tableMissing(TableSpec table, String warehouse) {
    return new OptoutException(
        "table "
            + table.name()
            + " does not exist under "
            + warehouse
            + " (run the pipeline first)");
  }

  /**
   * The table's log or one of its data files cannot be read (missing, corrupt, unreachable). The
   * innermost cause says what is wrong (a missing file names it); Kernel's wrappers add nothing.
   */
  static OptoutException cannotRead(TableSpec table, String location, Exception cause) {
    Throwable innermost = cause;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return new OptoutException(
        "table "
            + table.name()
            + ": cannot read "
            + location
            + ": "
            + OptoutException.firstLine(innermost.getMessage()),
        OptoutException.FAILED,
        cause);
  }

  /** A column the report needs is not in the table (written by an older or foreign writer). */
  static OptoutException columnMissing(String table, String column) {
    return new OptoutException("table " + table + " has no column " + column);
  }

  /** A column whose Delta type the report does not read (the tables' types: docs/metrics.md). */
  static OptoutException unreadableType(String table, String column, Object type) {
    return new OptoutException(
        "table "
            + table
            + ": column "
            + column
            + " has type "
            + type
            + ", which the report cannot read");
  }

  static OptoutException badWarehouse(String warehouse, String reason) {
    return new OptoutException("warehouse " + warehouse + ": " + reason, OptoutException.USAGE);
  }
}
