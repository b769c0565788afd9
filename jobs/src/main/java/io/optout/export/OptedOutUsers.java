package io.optout.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Columns;
import io.optout.schema.tables.OptedOutUsersTable;
import java.sql.Date;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * docs/metrics.md section 7: the users with at least one opt-out whose opt_out_date lies in the
 * period, one row per (app_id, user_id, channel), sorted by app_id, channel, user_id. Reads only
 * the identifying columns of the facts, so chart settings (windows, caps, lookbacks) that shape the
 * metric columns can never change the export.
 */
public final class OptedOutUsers {
  private OptedOutUsers() {}

  private static final String LATEST = "latest";
  private static final String STATE_APP_ID = "state_app_id";
  private static final String STATE_USER_ID = "state_user_id";
  private static final String STATE_CHANNEL = "state_channel";
  private static final String OPT_OUT = "opt_out";

  /** Sort order of the export: app, then channel, then user (byte order of the UTF-8 strings). */
  public static Column[] order() {
    return new Column[] {col(Columns.APP_ID), col(Columns.CHANNEL), col(Columns.USER_ID)};
  }

  /**
   * @param facts optout_facts (at least its key, time, date and id columns)
   * @param consentState optout_consent_state: the latest status per (app_id, user_id, channel)
   */
  public static Dataset<Row> of(
      Dataset<Row> facts, Dataset<Row> consentState, ExportPeriod period, ExportFilters filters) {
    Dataset<Row> users = aggregatePerUser(inScope(facts, period, filters));
    Dataset<Row> states =
        consentState.select(
            col(Columns.APP_ID).as(STATE_APP_ID),
            col(Columns.USER_ID).as(STATE_USER_ID),
            col(Columns.CHANNEL).as(STATE_CHANNEL),
            col(Columns.STATUS).equalTo(lit(OPT_OUT)).as(Columns.CURRENTLY_OPTED_OUT));
    Column sameKey =
        col(Columns.APP_ID)
            .equalTo(col(STATE_APP_ID))
            .and(col(Columns.USER_ID).equalTo(col(STATE_USER_ID)))
            .and(col(Columns.CHANNEL).equalTo(col(STATE_CHANNEL)));
    Dataset<Row> joined = users.join(states, sameKey, "left");
    return OptedOutUsersTable.SPEC.conform(joined).orderBy(order());
  }

  private static Dataset<Row> inScope(
      Dataset<Row> facts, ExportPeriod period, ExportFilters filters) {
    Column scope =
        col(Columns.OPT_OUT_DATE)
            .between(lit(Date.valueOf(period.from())), lit(Date.valueOf(period.to())));
    if (filters.app().isPresent()) {
      scope = scope.and(col(Columns.APP_ID).equalTo(lit(filters.app().get())));
    }
    if (filters.channel().isPresent()) {
      scope = scope.and(col(Columns.CHANNEL).equalTo(lit(filters.channel().get())));
    }
    return facts.where(scope);
  }

  /**
   * The ids come from the latest opt-out in range: max of a struct led by opt_out_time picks it in
   * one aggregation (two opt-outs of one key never share an instant; if they did, the greater ids
   * win, so the result is still deterministic).
   */
  private static Dataset<Row> aggregatePerUser(Dataset<Row> facts) {
    return facts
        .groupBy(col(Columns.APP_ID), col(Columns.USER_ID), col(Columns.CHANNEL))
        .agg(
            min(Columns.OPT_OUT_TIME).as(Columns.FIRST_OPT_OUT_TIME),
            max(Columns.OPT_OUT_TIME).as(Columns.LAST_OPT_OUT_TIME),
            count(lit(1)).as(Columns.OPT_OUT_COUNT),
            max(struct(col(Columns.OPT_OUT_TIME), col(Columns.EXTERNAL_ID), col(Columns.DEVICE_ID)))
                .as(LATEST))
        .withColumn(Columns.EXTERNAL_ID, col(LATEST + "." + Columns.EXTERNAL_ID))
        .withColumn(Columns.DEVICE_ID, col(LATEST + "." + Columns.DEVICE_ID));
  }
}
