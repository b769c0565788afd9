package io.optout.metrics;

import static org.apache.spark.sql.functions.col;

import io.optout.schema.Columns;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A user's opt-out instant: (app_id, user_id, opt_out_time). Push and app activity around an
 * opt-out depend only on this key, not on the channel, so metrics are computed once per key and
 * attached back to every opt-out (several channels withdrawn at the same instant share the work).
 */
final class OptOutKey {
  private OptOutKey() {}

  static final String[] COLUMNS = {Columns.APP_ID, Columns.USER_ID, Columns.OPT_OUT_TIME};

  static Column[] columns() {
    return Arrays.stream(COLUMNS).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** The distinct keys of the opt-outs. */
  static Dataset<Row> of(Dataset<Row> optOuts) {
    return optOuts.select(columns()).distinct();
  }

  /**
   * The opt-outs with the per-key columns of {@code perKey} appended (null where a key has no row),
   * in the opt-outs' own column order.
   */
  static Dataset<Row> attach(Dataset<Row> optOuts, Dataset<Row> perKey) {
    Set<String> names = new LinkedHashSet<>(Arrays.asList(optOuts.columns()));
    names.addAll(Arrays.asList(perKey.columns()));
    Column[] ordered =
        names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return optOuts.join(perKey, COLUMNS, "left").select(ordered);
  }

  /** Key columns followed by {@code more}. */
  static Column[] columnsAnd(Column... more) {
    return Stream.concat(Arrays.stream(columns()), Arrays.stream(more)).toArray(Column[]::new);
  }

  static Column time() {
    return col(Columns.OPT_OUT_TIME);
  }
}
