package io.optout.schema.tables;

import static io.optout.schema.Columns.INPUT_DT;
import static io.optout.schema.Columns.LAKE;
import static io.optout.schema.Columns.RAW;
import static io.optout.schema.Columns.REJECTED_AT;
import static io.optout.schema.Columns.RULE;
import static io.optout.schema.Columns.RUN_ID;
import static io.optout.schema.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.List;

/** optout_rejects: one row per rejected input row. */
public final class RejectsTable {
  private RejectsTable() {}

  public static final String NAME = "optout_rejects";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          null,
          "Input rows that broke the data contract and were left out of every metric. Each run"
              + " replaces the rejects of the input partitions it read.",
          List.of(
              column(LAKE, StringType, "Input lake: consent, push, campaign or event."),
              column(
                  INPUT_DT,
                  DateType,
                  "Input partition (dt) the row was read from; null for the campaign lake."),
              column(
                  RULE,
                  StringType,
                  "The rule the row broke, e.g. 'user_id: required' or 'status: not one of"
                      + " opt_in, opt_out'."),
              column(RAW, StringType, "The raw input row as JSON."),
              column(RUN_ID, StringType, "Run that rejected the row."),
              column(REJECTED_AT, TimestampType, "When the row was rejected.")));
}
