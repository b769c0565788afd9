package io.optout.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.utils.CloseableIterator;
import io.optout.OptoutException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;

/**
 * The rows of a Delta table's latest version, summed from the {@code numRecords} statistic that the
 * log keeps for each data file: read with Delta Kernel, without a Spark job or a data file. Spark's
 * {@code count()} answers from the same statistics but plans and runs a job per table first, most
 * of a second each on a small machine.
 */
public final class LogRowCounts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NUM_RECORDS = "numRecords";

  private final Engine engine;

  public LogRowCounts(Configuration hadoop) {
    this.engine = DefaultEngine.create(hadoop);
  }

  /**
   * The rows of the table at {@code location}, or empty when a data file's row count in the log is
   * missing (a writer that collects no statistics) or overstated (a deletion vector hides some of
   * its rows): the caller then counts the rows themselves.
   */
  public OptionalLong rows(String location) {
    Snapshot snapshot = Table.forPath(engine, location).getLatestSnapshot(engine);
    ScanImpl scan = (ScanImpl) snapshot.getScanBuilder(engine).build();
    long rows = 0;
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine, true)) {
      while (files.hasNext()) {
        OptionalLong batchRows = rows(files.next());
        if (batchRows.isEmpty()) {
          return OptionalLong.empty();
        }
        rows += batchRows.getAsLong();
      }
    } catch (IOException e) {
      throw new OptoutException(
          "cannot read the Delta log of " + location + ": " + e.getMessage(),
          OptoutException.FAILED,
          e);
    }
    return OptionalLong.of(rows);
  }

  private static OptionalLong rows(FilteredColumnarBatch files) throws IOException {
    long rows = 0;
    try (CloseableIterator<Row> it = files.getRows()) {
      while (it.hasNext()) {
        Row file = it.next();
        // a deletion vector hides rows that numRecords still counts
        Optional<Long> fileRows =
            InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file) == null
                ? numRecords(file.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL))
                : Optional.empty();
        if (fileRows.isEmpty()) {
          return OptionalLong.empty();
        }
        rows += fileRows.get();
      }
    }
    return OptionalLong.of(rows);
  }

  private static Optional<Long> numRecords(Row add) {
    int stats = InternalScanFileUtils.ADD_FILE_STATS_ORDINAL;
    if (add.isNullAt(stats)) {
      return Optional.empty();
    }
    try {
      JsonNode count = JSON.readTree(add.getString(stats)).get(NUM_RECORDS);
      return count == null || !count.canConvertToLong()
          ? Optional.empty()
          : Optional.of(count.asLong());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
