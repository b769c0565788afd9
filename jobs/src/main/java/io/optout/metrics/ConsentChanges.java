package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.SOURCE;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.USER_ID;
import static io.optout.schema.ConsentStatus.OPT_IN;
import static io.optout.schema.ConsentStatus.OPT_OUT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Classifies consent rows (docs/metrics.md section 3). History is read per (app_id, user_id,
 * channel) in {@link #historyOrder()}; the state before the first row read comes from a prior
 * {@link io.optout.schema.tables.ConsentStateTable} snapshot (empty when the whole history is
 * read). Each row gets {@link #PREVIOUS_STATUS}, {@link #CHANGE} and its identity filled from
 * strictly earlier rows.
 */
public final class ConsentChanges {
  public static final String PREVIOUS_STATUS = "previous_status";
  public static final String CHANGE = "change";
  public static final String FILLED_EXTERNAL_ID = "filled_external_id";
  public static final String FILLED_DEVICE_ID = "filled_device_id";

  /** Values of {@link #CHANGE}. */
  public static final String OPT_OUT_CHANGE = OPT_OUT;

  public static final String OPT_IN_CHANGE = OPT_IN;
  public static final String REPEAT = "repeat";

  private static final String PRIOR = "prior_";

  private ConsentChanges() {}

  /**
   * Order of a key's history: event_time, then opt_in before opt_out at the same instant (SPEC),
   * then the remaining columns so that rows differing only in source or platform still get one
   * deterministic order.
   */
  public static Column[] historyOrder() {
    return new Column[] {
      col(EVENT_TIME),
      when(col(STATUS).equalTo(OPT_IN), 0).otherwise(1),
      col(SOURCE),
      col(PLATFORM),
      col(EXTERNAL_ID),
      col(DEVICE_ID)
    };
  }

  static WindowSpec keyHistory() {
    return Window.partitionBy(APP_ID, USER_ID, CHANNEL).orderBy(historyOrder());
  }

  /** The user's rows (any channel) strictly before this row's instant. */
  static WindowSpec strictlyEarlierForUser() {
    return Window.partitionBy(APP_ID, USER_ID)
        .orderBy(unix_micros(col(EVENT_TIME)))
        .rangeBetween(Window.unboundedPreceding(), -1);
  }

  public static Dataset<Row> classify(Dataset<Row> consent, Dataset<Row> prior) {
    Dataset<Row> priorStatus =
        prior.select(col(APP_ID), col(USER_ID), col(CHANNEL), col(STATUS).as(PRIOR + STATUS));
    Dataset<Row> priorIdentity =
        prior
            .groupBy(APP_ID, USER_ID)
            .agg(max(EXTERNAL_ID).as(PRIOR + EXTERNAL_ID), max(DEVICE_ID).as(PRIOR + DEVICE_ID));

    Column previous = coalesce(lag(col(STATUS), 1).over(keyHistory()), col(PRIOR + STATUS));
    Column change =
        when(
                col(STATUS).equalTo(OPT_OUT).and(previous.isNull().or(previous.equalTo(OPT_IN))),
                lit(OPT_OUT_CHANGE))
            .when(
                col(STATUS).equalTo(OPT_IN).and(previous.isNull().or(previous.equalTo(OPT_OUT))),
                lit(OPT_IN_CHANGE))
            .otherwise(lit(REPEAT));

    return consent
        .join(priorStatus, new String[] {APP_ID, USER_ID, CHANNEL}, "left")
        .join(priorIdentity, new String[] {APP_ID, USER_ID}, "left")
        .withColumn(PREVIOUS_STATUS, previous)
        .withColumn(CHANGE, change)
        .withColumn(
            FILLED_EXTERNAL_ID,
            coalesce(
                col(EXTERNAL_ID),
                LatestNonNull.over(EXTERNAL_ID, strictlyEarlierForUser()),
                col(PRIOR + EXTERNAL_ID)))
        .withColumn(
            FILLED_DEVICE_ID,
            coalesce(
                col(DEVICE_ID),
                LatestNonNull.over(DEVICE_ID, strictlyEarlierForUser()),
                col(PRIOR + DEVICE_ID)))
        .drop(PRIOR + STATUS, PRIOR + EXTERNAL_ID, PRIOR + DEVICE_ID);
  }
}
