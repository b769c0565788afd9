package io.optout.pipeline;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.map_values;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.optout.schema.Columns;
import io.optout.schema.tables.RunsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The latest runs of optout_runs, one line each, for operators ({@code optout runs}). A run writes
 * a started row and later a final one with the same run id; a run with only the started row was
 * killed (or is still running) and shows as {@link #NEVER_FINISHED}.
 */
public final class RunHistory {
  private RunHistory() {}

  public static final String NEVER_FINISHED = "started, never finished";

  public static final String RUN_ID = "run_id";
  public static final String JOB = "job";
  public static final String WINDOW = "window";
  public static final String AS_OF = "as_of";
  public static final String STATUS = "status";
  public static final String STARTED_AT = "started_at";
  public static final String DURATION_S = "duration_s";
  public static final String READ_REJECTED = "read_rejected";
  public static final String ROWS_WRITTEN = "rows_written";
  public static final String ERROR = "error";

  /** One row per run, latest start first, at most {@code limit} runs. */
  public static Dataset<Row> latest(Dataset<Row> runs, int limit) {
    // the final row wins over the started row of the same run
    Column finalFirst = when(col(Columns.STATUS).equalTo(RunsTable.STARTED), 1).otherwise(0);
    Dataset<Row> perRun =
        runs.withColumn(
                "_pick", row_number().over(Window.partitionBy(Columns.RUN_ID).orderBy(finalFirst)))
            .where(col("_pick").equalTo(1));
    return perRun
        .orderBy(col(Columns.STARTED_AT).desc(), col(Columns.RUN_ID))
        .limit(limit)
        .select(
            col(Columns.RUN_ID).as(RUN_ID),
            col(Columns.JOB).as(JOB),
            concat_ws(
                    "..",
                    col(Columns.WINDOW_FROM).cast("string"),
                    col(Columns.WINDOW_TO).cast("string"))
                .as(WINDOW),
            col(Columns.AS_OF).as(AS_OF),
            when(col(Columns.STATUS).equalTo(RunsTable.STARTED), lit(NEVER_FINISHED))
                .otherwise(col(Columns.STATUS))
                .as(STATUS),
            col(Columns.STARTED_AT).as(STARTED_AT),
            round(
                    col(Columns.FINISHED_AT)
                        .cast("double")
                        .minus(col(Columns.STARTED_AT).cast("double")),
                    1)
                .as(DURATION_S),
            readRejected().as(READ_REJECTED),
            aggregate(map_values(col(Columns.ROWS_WRITTEN)), lit(0L), (sum, n) -> sum.plus(n))
                .as(ROWS_WRITTEN),
            substring_index(col(Columns.ERROR), "\n", 1).as(ERROR));
  }

  /** "consent 10/1 push 200/0": rows read / rejected per lake, in the lakes' order. */
  private static Column readRejected() {
    return concat_ws(
        " ",
        transform(
            map_entries(col(Columns.ROWS_READ)),
            e ->
                concat(
                    e.getField("key"),
                    lit(" "),
                    e.getField("value").cast("string"),
                    lit("/"),
                    coalesce(element_at(col(Columns.ROWS_REJECTED), e.getField("key")), lit(0L))
                        .cast("string"))));
  }
}
