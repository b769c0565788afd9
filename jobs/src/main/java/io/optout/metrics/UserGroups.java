package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * Grouping columns for a group per user that gathers the user's rows in lists ({@code
 * collect_list}). Spark gathers such groups by sorting the rows on the grouping columns (past a few
 * hundred groups per task it leaves its hash map), and its sort compares an 8-byte prefix of the
 * first column: of {@code app_id} that prefix is the same for nearly every row, so every comparison
 * went on to the full keys. A 64-bit hash of the user leads the columns instead, so the prefix
 * tells almost all rows apart. The groups are the same: the hash is a function of the user.
 */
final class UserGroups {
  /** The hash column, dropped by whoever selects the group's output. */
  static final String USER_HASH = "_user_hash";

  private UserGroups() {}

  /** {@code (hash, app_id, user_id)}. */
  static Column[] columns() {
    return new Column[] {
      xxhash64(col(APP_ID), col(USER_ID)).as(USER_HASH), col(APP_ID), col(USER_ID)
    };
  }
}
