package io.optout.metrics;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;

import io.optout.schema.Columns;
import io.optout.spark.ColumnRanges;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The opt-outs of a window (docs/metrics.md section 3): classified consent rows whose change is an
 * opt-out and whose instant lies in [from, until). The metric columns of optout_facts are added
 * later by {@code PushPressure} and {@code LastCampaign}.
 */
public final class OptOuts {
  private OptOuts() {}

  public static Dataset<Row> in(Dataset<Row> classified, Instant from, Instant until, ZoneId zone) {
    return classified
        .where(col(ConsentChanges.CHANGE).equalTo(ConsentChanges.OPT_OUT_CHANGE))
        .where(ColumnRanges.instantsIn(col(EVENT_TIME), from, until))
        .select(
            col(APP_ID),
            col(USER_ID),
            col(Columns.CHANNEL),
            col(EVENT_TIME).as(Columns.OPT_OUT_TIME),
            TimeWindows.localDate(col(EVENT_TIME), zone).as(Columns.OPT_OUT_DATE),
            col(PLATFORM),
            col(Columns.SOURCE),
            col(ConsentChanges.FILLED_EXTERNAL_ID).as(Columns.EXTERNAL_ID),
            col(ConsentChanges.FILLED_DEVICE_ID).as(Columns.DEVICE_ID));
  }
}
