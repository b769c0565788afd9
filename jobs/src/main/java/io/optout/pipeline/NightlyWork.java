package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;

import io.optout.config.Lake;
import io.optout.lake.ListedFile;
import io.optout.schema.tables.InputFilesTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * What one nightly run does: the dates it recomputes (none when nothing changed), the listing it
 * keeps for the next night, and a digest of the work that identifies a rerun of the same night.
 *
 * @param window the dates to recompute, null when every table is up to date
 * @param txnVersion the Delta txnVersion of the run's writes (txnAppId optout-nightly)
 */
record NightlyWork(
    LocalDate asOf,
    RunWindow window,
    List<ListedFile> listing,
    String settingsKey,
    InputChanges changes,
    String key,
    long txnVersion) {

  NightlyWork {
    listing = List.copyOf(listing);
  }

  boolean upToDate() {
    return window == null;
  }

  /**
   * The first instant of changed consent input, if any: older opt-outs' re-opt-in times are brought
   * up to date from there.
   */
  Optional<Instant> consentChangedSince() {
    return changes.partitions(Lake.CONSENT).stream()
        .findFirst()
        .map(dt -> dt.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The consent rows of the changed partitions, of {@code used} (with its dt column). */
  Dataset<Row> changedConsent(Dataset<Row> used) {
    List<Date> dts = changes.partitions(Lake.CONSENT).stream().map(Date::valueOf).toList();
    return used.where(col(io.optout.schema.Columns.DT).isin(dts.toArray()));
  }

  /** optout_input_files as this run leaves it: one row per file, and one without a file. */
  Dataset<Row> listingFrame(SparkSession spark, String runId) {
    List<Row> rows = new ArrayList<>();
    Date asOfDate = Date.valueOf(asOf);
    for (ListedFile f : listing) {
      rows.add(
          RowFactory.create(
              f.lake().key(),
              f.dt() == null ? null : Date.valueOf(f.dt()),
              f.path(),
              f.size(),
              f.modifiedMillis() < 0 ? null : new Timestamp(f.modifiedMillis()),
              asOfDate,
              settingsKey,
              runId));
    }
    // the as-of date and settings must be kept when the lakes hold no file yet
    rows.add(RowFactory.create(null, null, null, null, null, asOfDate, settingsKey, runId));
    return spark.createDataFrame(rows, InputFilesTable.SPEC.schema());
  }
}
