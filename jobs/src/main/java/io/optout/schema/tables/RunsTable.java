package io.optout.schema.tables;

import static io.optout.schema.Columns.AS_OF;
import static io.optout.schema.Columns.ERROR;
import static io.optout.schema.Columns.FINISHED_AT;
import static io.optout.schema.Columns.JOB;
import static io.optout.schema.Columns.PHASE_MILLIS;
import static io.optout.schema.Columns.PHASE_SHUFFLE_BYTES;
import static io.optout.schema.Columns.ROWS_DUPLICATE;
import static io.optout.schema.Columns.ROWS_READ;
import static io.optout.schema.Columns.ROWS_REJECTED;
import static io.optout.schema.Columns.ROWS_USED;
import static io.optout.schema.Columns.ROWS_WRITTEN;
import static io.optout.schema.Columns.RUN_ID;
import static io.optout.schema.Columns.SKIPPED_FILES;
import static io.optout.schema.Columns.STARTED_AT;
import static io.optout.schema.Columns.STARTED_DATE;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.TABLE_VERSIONS;
import static io.optout.schema.Columns.TXN_VERSION;
import static io.optout.schema.Columns.WINDOW_FROM;
import static io.optout.schema.Columns.WINDOW_TO;
import static io.optout.schema.Columns.WORK_KEY;
import static io.optout.schema.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import io.optout.schema.TableSpec;
import java.util.List;
import org.apache.spark.sql.types.DataType;

/** optout_runs: one row per run, failed runs included. */
public final class RunsTable {
  private RunsTable() {}

  public static final String NAME = "optout_runs";

  /** status of the row written when a run starts; a run without a later row never finished. */
  public static final String STARTED = "started";

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private static final DataType PER_LAKE = createMapType(StringType, LongType);

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          STARTED_DATE,
          "Two rows per pipeline run, same run_id: status started when it starts, then succeeded"
              + " or failed at its end (a run with only the started row was killed or is still"
              + " running). Window, as-of date, row accounting per lake, rows written and Delta"
              + " version committed per table.",
          List.of(
              column(RUN_ID, StringType, "Unique run id."),
              column(
                  JOB,
                  StringType,
                  "Job: run (nightly run --date) or run-range (ad-hoc run --from --to)."),
              column(
                  STATUS,
                  StringType,
                  "started (written before the run reads or writes anything), succeeded or"
                      + " failed."),
              column(WINDOW_FROM, DateType, "First opt-out date recomputed."),
              column(WINDOW_TO, DateType, "Last opt-out date recomputed."),
              column(
                  AS_OF, DateType, "As-of date: input complete through the end of this local day."),
              column(ROWS_READ, PER_LAKE, "Rows read per lake."),
              column(
                  ROWS_USED, PER_LAKE, "Rows used per lake (read - rejected - exact duplicates)."),
              column(ROWS_REJECTED, PER_LAKE, "Rows rejected per lake."),
              column(ROWS_DUPLICATE, PER_LAKE, "Exact duplicate rows removed per lake."),
              column(ROWS_WRITTEN, PER_LAKE, "Rows written per output table."),
              column(STARTED_AT, TimestampType, "Run start."),
              column(FINISHED_AT, TimestampType, "Run end; null on the started row."),
              column(ERROR, StringType, "Error message of a failed run; null otherwise."),
              column(STARTED_DATE, DateType, "UTC date the run started. Partition column."),
              column(
                  PHASE_MILLIS,
                  PER_LAKE,
                  "Wall-clock milliseconds per phase (reading each lake, each metric, each table"
                      + " write); parallel writes overlap."),
              column(
                  PHASE_SHUFFLE_BYTES,
                  PER_LAKE,
                  "Bytes shuffled per phase (phases without a shuffle are left out)."),
              column(
                  SKIPPED_FILES,
                  createArrayType(StringType),
                  "Input files and folders the run left out, one line each naming lake, path and"
                      + " problem: zero-byte files, and bad files under optout.on-bad-file ="
                      + " skip."),
              column(
                  TABLE_VERSIONS,
                  PER_LAKE,
                  "Delta version of each table this run committed (succeeded rows): read the"
                      + " tables at these versions for one consistent set."),
              column(
                  WORK_KEY,
                  StringType,
                  "Nightly runs: digest of the work (as-of date, dates recomputed, input files,"
                      + " settings). A rerun of a killed nightly with the same work reuses its"
                      + " txn_version."),
              column(
                  TXN_VERSION,
                  LongType,
                  "Nightly runs: the Delta txnVersion of every table write (txnAppId"
                      + " optout-nightly); Delta skips a write it already committed.")));
}
