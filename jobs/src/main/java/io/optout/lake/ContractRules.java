package io.optout.lake;

import static io.optout.schema.Columns.DT;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.PLATFORM;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
import io.optout.schema.Channels;
import io.optout.schema.Columns;
import io.optout.schema.ConsentStatus;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The data contract of docs/metrics.md section 2 as a pure transformation: each row of a lake gets
 * its contract columns typed and normalised (enumerations lower-cased and trimmed), the first rule
 * it breaks (null when valid) and, for a rejected row, its raw form: the columns as stored, which
 * {@link #rawJson} turns into JSON for the rejects table.
 */
public final class ContractRules {
  /** Column holding the broken rule; null for a valid row. */
  public static final String RULE = "_rule";

  /** Column holding a rejected row as stored (a struct of its columns); null for a valid row. */
  public static final String RAW = "_raw";

  /** Rule of an event-lake row whose event_time is not on the UTC date of its dt folder. */
  public static final String OUTSIDE_PARTITION = EVENT_TIME + ": outside its dt partition";

  /** Rule of a JSON line that is not valid JSON. */
  public static final String MALFORMED_JSON = "row: not valid JSON";

  private static final long SECONDS_PER_DAY = 86_400L;

  /** Enumerations that must hold one of the listed values. */
  private static final Map<Lake, Map<String, Set<String>>> CLOSED_ENUMS =
      Map.of(
          Lake.CONSENT,
              Map.of(
                  Columns.CHANNEL,
                  Channels.SET,
                  Columns.STATUS,
                  Set.of(ConsentStatus.OPT_IN, ConsentStatus.OPT_OUT)),
          Lake.PUSH, Map.of(Columns.EVENT_TYPE, ConfigLoader.PUSH_EVENT_TYPES),
          Lake.CAMPAIGN, Map.of(),
          Lake.EVENT, Map.of());

  /** Enumerations compared and written lower-cased and trimmed, whatever their values. */
  private static final Map<Lake, Set<String>> NORMALISED =
      Map.of(
          Lake.CONSENT, Set.of(Columns.CHANNEL, Columns.STATUS, Columns.SOURCE, PLATFORM),
          Lake.PUSH, Set.of(Columns.EVENT_TYPE, PLATFORM),
          Lake.CAMPAIGN, Set.of(Columns.TYPE, Columns.CHANNEL),
          Lake.EVENT, Set.of(PLATFORM));

  private ContractRules() {}

  /**
   * Returns the lake's contract columns (typed, normalised), {@code dt}, {@link #RULE} and {@link
   * #RAW}. Optional columns the lake lacks are added as nulls.
   */
  public static Dataset<Row> check(Lake lake, Dataset<Row> stored) {
    Set<String> present = Set.of(stored.columns());
    List<Column> rawColumns = new ArrayList<>();
    for (String name : stored.columns()) {
      rawColumns.add(col(name));
    }
    List<Column> out = new ArrayList<>();
    List<Column> rules = new ArrayList<>();
    for (InputColumn column : InputSchemas.columns(lake)) {
      String name = column.name();
      if (!present.contains(name)) {
        out.add(lit(null).cast(column.type()).as(name));
        continue;
      }
      Column raw = col(name);
      Column typed = typed(lake, name, raw, column);
      out.add(typed.as(name));
      Column missing =
          column.type().equals(DataTypes.StringType)
              ? raw.isNull().or(trim(raw.cast("string")).equalTo(""))
              : raw.isNull();
      if (column.required()) {
        rules.add(when(missing, lit(name + ": required")));
      }
      if (!column.type().equals(DataTypes.StringType)) {
        rules.add(
            when(
                raw.isNotNull().and(typed.isNull()),
                lit(name + ": not a " + column.type().simpleString())));
      }
      Set<String> allowed = CLOSED_ENUMS.get(lake).get(name);
      if (allowed != null) {
        String listed = String.join(", ", new TreeSet<>(allowed));
        rules.add(
            when(
                not(missing).and(not(typed.isin(allowed.toArray()))),
                lit(name + ": not one of " + listed)));
      }
    }
    if (present.contains(Columns.CORRUPT_RECORD)) {
      // a JSON line Spark could not parse (PERMISSIVE mode): its raw text is the whole row
      rules.add(0, when(col(Columns.CORRUPT_RECORD).isNotNull(), lit(MALFORMED_JSON)));
    }
    if (lake.partitionedByDt() && present.contains(EVENT_TIME)) {
      rules.add(outsideItsPartition(col(EVENT_TIME).cast(DataTypes.TimestampType)));
    }
    out.add(col(DT));
    Column rule = coalesce(rules.toArray(Column[]::new));
    out.add(rule.as(RULE));
    // Only a rejected row keeps its raw form, as a struct: JSON is made from it once the rejected
    // rows are apart (rawJson). to_json has no generated code, and a projection holding it runs
    // outside whole-stage code generation, which cost every row of the lake two more copies.
    out.add(when(rule.isNotNull(), struct(rawColumns.toArray(Column[]::new))).as(RAW));
    return stored.select(out.toArray(Column[]::new));
  }

  /**
   * The raw form of {@link #check}'s rejected rows ({@link #RAW}) as JSON, for the rejects table.
   */
  public static Column rawJson() {
    return to_json(col(RAW));
  }

  /**
   * docs/metrics.md section 2: dt is the UTC date of event_time, and nightly runs prune by dt, so a
   * row filed under another day would escape them. Days since the epoch compare the two without
   * depending on the session time zone.
   */
  private static Column outsideItsPartition(Column eventTime) {
    Column utcDay = floor(eventTime.cast(DataTypes.LongType).divide(SECONDS_PER_DAY));
    Column dtDay = datediff(col(DT), lit(java.sql.Date.valueOf("1970-01-01")));
    return when(
        eventTime.isNotNull().and(col(DT).isNotNull()).and(utcDay.notEqual(dtDay)),
        lit(OUTSIDE_PARTITION));
  }

  private static Column typed(Lake lake, String name, Column raw, InputColumn column) {
    if (NORMALISED.get(lake).contains(name)) {
      Column normalised = lower(trim(raw.cast("string")));
      return when(normalised.equalTo(""), lit(null).cast("string")).otherwise(normalised);
    }
    return raw.cast(column.type());
  }

  /** The contract column names of a lake, in order. */
  public static Column[] contractColumns(Lake lake) {
    return InputSchemas.columns(lake).stream().map(c -> col(c.name())).toArray(Column[]::new);
  }
}
