package io.optout.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The docs/metrics.md section 2 rules, written independently of the generator: a row breaks the
 * contract when a required column is null or an enumerated value is unknown (after lower-case and
 * trim).
 */
final class ContractCheck {
  private ContractCheck() {}

  private static final Map<String, List<String>> ENUMS =
      Map.of(
          Columns.CHANNEL, List.of("push", "email", "sms"),
          Columns.STATUS, List.of("opt_in", "opt_out"),
          Columns.EVENT_TYPE,
              List.of("sent", "delivered", "opened", "clicked", "dismissed", "failed"));

  static Column broken(Lake lake) {
    Column broken = lit(false);
    for (InputSchemas.InputColumn column : InputSchemas.columns(lake)) {
      if (!column.required()) {
        continue;
      }
      broken = broken.or(col(column.name()).isNull());
      List<String> allowed = lake == Lake.CAMPAIGN ? null : ENUMS.get(column.name());
      if (allowed != null) {
        broken = broken.or(lower(trim(col(column.name()))).isin(allowed.toArray()).unary_$bang());
      }
    }
    return broken;
  }

  static long brokenRows(Dataset<Row> rows, Lake lake) {
    return rows.where(broken(lake)).count();
  }
}
