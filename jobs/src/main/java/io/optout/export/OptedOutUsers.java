package io.optout.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.optout.schema.Tables.ConsentState;
import io.optout.schema.Tables.Export;
import io.optout.schema.Tables.Facts;
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
    return new Column[] {col(Export.APP_ID), col(Export.CHANNEL), col(Export.USER_ID)};
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
            col(ConsentState.APP_ID).as(STATE_APP_ID),
            col(ConsentState.USER_ID).as(STATE_USER_ID),
            col(ConsentState.CHANNEL).as(STATE_CHANNEL),
            col(ConsentState.STATUS).equalTo(lit(OPT_OUT)).as(Export.CURRENTLY_OPTED_OUT));
    Column sameKey =
        col(Facts.APP_ID)
            .equalTo(col(STATE_APP_ID))
            .and(col(Facts.USER_ID).equalTo(col(STATE_USER_ID)))
            .and(col(Facts.CHANNEL).equalTo(col(STATE_CHANNEL)));
    Dataset<Row> joined = users.join(states, sameKey, "left");
    return Export.SPEC.conform(joined).orderBy(order());
  }

  private static Dataset<Row> inScope(
      Dataset<Row> facts, ExportPeriod period, ExportFilters filters) {
    Column scope =
        col(Facts.OPT_OUT_DATE)
            .between(lit(Date.valueOf(period.from())), lit(Date.valueOf(period.to())));
    if (filters.app().isPresent()) {
      scope = scope.and(col(Facts.APP_ID).equalTo(lit(filters.app().get())));
    }
    if (filters.channel().isPresent()) {
      scope = scope.and(col(Facts.CHANNEL).equalTo(lit(filters.channel().get())));
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
        .groupBy(col(Facts.APP_ID), col(Facts.USER_ID), col(Facts.CHANNEL))
        .agg(
            min(Facts.OPT_OUT_TIME).as(Export.FIRST_OPT_OUT_TIME),
            max(Facts.OPT_OUT_TIME).as(Export.LAST_OPT_OUT_TIME),
            count(lit(1)).as(Export.OPT_OUT_COUNT),
            max(struct(col(Facts.OPT_OUT_TIME), col(Facts.EXTERNAL_ID), col(Facts.DEVICE_ID)))
                .as(LATEST))
        .withColumn(Export.EXTERNAL_ID, col(LATEST + "." + Facts.EXTERNAL_ID))
        .withColumn(Export.DEVICE_ID, col(LATEST + "." + Facts.DEVICE_ID));
  }
}
