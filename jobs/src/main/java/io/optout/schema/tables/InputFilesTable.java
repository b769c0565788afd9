package io.optout.schema.tables;

import static io.optout.schema.Columns.AS_OF;
import static io.optout.schema.Columns.FILE_MODIFIED_AT;
import static io.optout.schema.Columns.FILE_PATH;
import static io.optout.schema.Columns.FILE_SIZE;
import static io.optout.schema.Columns.INPUT_DT;
import static io.optout.schema.Columns.LAKE;
import static io.optout.schema.Columns.RUN_ID;
import static io.optout.schema.Columns.SETTINGS_KEY;
import static io.optout.schema.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.List;

/**
 * optout_input_files (internal): every input file the last successful nightly run saw, so the next
 * one finds what is new, changed or removed, in old partitions too (docs/nightly.md).
 */
public final class InputFilesTable {
  private InputFilesTable() {}

  public static final String NAME = "optout_input_files";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          null,
          "Internal: one row per input file the last successful nightly run saw, with the as-of"
              + " date and the settings it computed the tables with. The next nightly run"
              + " recomputes what the files added, changed or removed since can change.",
          List.of(
              column(LAKE, StringType, "Lake: consent, push, campaign or event."),
              column(
                  INPUT_DT,
                  DateType,
                  "The file's dt partition; null for the unpartitioned campaign lake."),
              column(FILE_PATH, StringType, "Full path of the file."),
              column(FILE_SIZE, LongType, "Size in bytes; -1 for a Delta lake's file."),
              column(
                  FILE_MODIFIED_AT,
                  TimestampType,
                  "Modification time; null for a Delta lake's file (never rewritten in place)."),
              column(AS_OF, DateType, "As-of date of the nightly run that saw the file."),
              column(
                  SETTINGS_KEY,
                  StringType,
                  "Digest of the settings the tables were computed with; a change of settings"
                      + " makes the next nightly run recompute every date."),
              column(RUN_ID, StringType, "The nightly run that saw the file.")));
}
