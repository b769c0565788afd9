package io.optout.lake;

import static io.optout.schema.InputColumns.*;
import static org.apache.spark.sql.functions.*;

import io.optout.config.ConfigLoader;
import io.optout.config.Lake;
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
 * The data contract of SPEC section 2 as a pure transformation: each row of a lake gets its
 * contract columns typed and normalised (enumerations lower-cased and trimmed), the first rule it
 * breaks (null when valid) and, for a rejected row, its raw form as JSON for the rejects table.
 */
public final class ContractRules {
  /** Column holding the broken rule; null for a valid row. */
  public static final String RULE = "_rule";
  /** Column holding the raw input row as JSON. */
  public static final String RAW = "_raw";

  /** Enumerations that must hold one of the listed values. */
  private static final Map<Lake, Map<String, Set<String>>> CLOSED_ENUMS =
      Map.of(
          Lake.CONSENT, Map.of(Consent.CHANNEL, Set.of("push", "email", "sms"), Consent.STATUS, Set.of(Consent.OPT_IN, Consent.OPT_OUT)),
          Lake.PUSH, Map.of(Push.EVENT_TYPE, ConfigLoader.PUSH_EVENT_TYPES),
          Lake.CAMPAIGN, Map.of(),
          Lake.EVENT, Map.of());

  /** Enumerations compared and written lower-cased and trimmed, whatever their values. */
  private static final Map<Lake, Set<String>> NORMALISED =
      Map.of(
          Lake.CONSENT, Set.of(Consent.CHANNEL, Consent.STATUS, Consent.SOURCE, PLATFORM),
          Lake.PUSH, Set.of(Push.EVENT_TYPE, PLATFORM),
          Lake.CAMPAIGN, Set.of(Campaign.TYPE, Campaign.CHANNEL),
          Lake.EVENT, Set.of(PLATFORM));

  private ContractRules() {}

  /**
   * Returns the lake's contract columns (typed, normalised), {@code dt}, {@link #RULE} and
   * {@link #RAW}. Optional columns the lake lacks are added as nulls.
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
      Column missing = column.type().equals(DataTypes.StringType) ? raw.isNull().or(trim(raw.cast("string")).equalTo("")) : raw.isNull();
      if (column.required()) {
        rules.add(when(missing, lit(name + ": required")));
      }
      if (!column.type().equals(DataTypes.StringType)) {
        rules.add(when(raw.isNotNull().and(typed.isNull()), lit(name + ": not a " + column.type().simpleString())));
      }
      Set<String> allowed = CLOSED_ENUMS.get(lake).get(name);
      if (allowed != null) {
        String listed = String.join(", ", new TreeSet<>(allowed));
        rules.add(when(not(missing).and(not(typed.isin(allowed.toArray()))), lit(name + ": not one of " + listed)));
      }
    }
    out.add(col(DT));
    Column rule = coalesce(rules.toArray(Column[]::new));
    out.add(rule.as(RULE));
    // only a rejected row is kept raw: turning every row into JSON was most of the intake's cost
    out.add(when(rule.isNotNull(), to_json(struct(rawColumns.toArray(Column[]::new)))).as(RAW));
    return stored.select(out.toArray(Column[]::new));
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
