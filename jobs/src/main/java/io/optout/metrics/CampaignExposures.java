package io.optout.metrics;

import io.optout.schema.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The exposures of one user for {@link CampaignImpact}: from the user's consent rows and received
 * campaign pushes, one (day, campaign, channel, outcome) per campaign, local day and key in state
 * opt_in at the campaign's first receipt that day. Plain Java over the user's few rows, as {@link
 * FatigueKeyDays}: the state at an instant needs the key's ordered history, which a join per
 * receipt would repeat for every campaign.
 *
 * <p>Inputs, by field position: consent (channel, micros, opt_in, is_opt_out_change), the prior
 * state of a key as a row at {@link Long#MIN_VALUE}; receipts (campaign_id, day index, micros).
 */
final class CampaignExposures implements UDF2<Seq<Row>, Seq<Row>, List<Row>> {
  private static final long serialVersionUID = 1L;

  static final String DAY = "day";
  static final String CAMPAIGN = Columns.CAMPAIGN_ID;
  static final String CHANNEL = Columns.CHANNEL;
  static final String OPTED_OUT = "opted_out";

  private final long horizonMicros;

  CampaignExposures(long horizonMicros) {
    this.horizonMicros = horizonMicros;
  }

  static DataType returnType() {
    return DataTypes.createArrayType(
        new StructType(
            new StructField[] {
              DataTypes.createStructField(DAY, DataTypes.IntegerType, false),
              DataTypes.createStructField(CAMPAIGN, DataTypes.StringType, false),
              DataTypes.createStructField(CHANNEL, DataTypes.StringType, false),
              DataTypes.createStructField(OPTED_OUT, DataTypes.BooleanType, false)
            }),
        false);
  }

  /** One consent row of a key. */
  private record Change(long micros, boolean optIn, boolean optOutChange) {}

  @Override
  public List<Row> call(Seq<Row> consent, Seq<Row> receipts) {
    Map<String, List<Change>> history = new TreeMap<>();
    for (Row row : JavaConverters.seqAsJavaList(consent)) {
      history
          .computeIfAbsent(row.getString(0), c -> new ArrayList<>())
          .add(new Change(row.getLong(1), row.getBoolean(2), row.getBoolean(3)));
    }
    // history order of docs/metrics.md section 3: time, opt_in before opt_out at one instant
    Comparator<Change> order =
        Comparator.comparingLong(Change::micros).thenComparing(c -> c.optIn() ? 0 : 1);
    history.values().forEach(rows -> rows.sort(order));
    Map<String, Long> firstReceipt = new HashMap<>();
    for (Row row : JavaConverters.seqAsJavaList(receipts)) {
      firstReceipt.merge(row.getString(0) + '\u0000' + row.getInt(1), row.getLong(2), Math::min);
    }
    List<Row> exposures = new ArrayList<>();
    firstReceipt.forEach(
        (campaignDay, t) -> {
          int cut = campaignDay.indexOf('\u0000');
          String campaign = campaignDay.substring(0, cut);
          int day = Integer.parseInt(campaignDay.substring(cut + 1));
          history.forEach(
              (channel, rows) -> {
                if (optedInAt(rows, t)) {
                  exposures.add(RowFactory.create(day, campaign, channel, optsOutAfter(rows, t)));
                }
              });
        });
    return exposures;
  }

  /** The status of the key's last row strictly before t is opt_in. */
  private static boolean optedInAt(List<Change> rows, long t) {
    Change last = null;
    for (Change row : rows) {
      if (row.micros() >= t) {
        break;
      }
      last = row;
    }
    return last != null && last.optIn();
  }

  /** An opt-out of the key in {@code (t, t + H*24h]}. */
  private boolean optsOutAfter(List<Change> rows, long t) {
    for (Change row : rows) {
      if (row.optOutChange() && row.micros() > t && row.micros() <= t + horizonMicros) {
        return true;
      }
    }
    return false;
  }
}
