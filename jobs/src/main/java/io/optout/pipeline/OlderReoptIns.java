package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.metrics.OptOutCauses;
import io.optout.metrics.ReoptIns;
import io.optout.pipeline.TableWriters.Write;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import io.optout.spark.KeptFrames;
import io.optout.warehouse.DeltaWarehouse;
import java.sql.Date;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A nightly run's plan extended to the dates before its window whose re-opt-in times the changed
 * consent input moves ({@link ReoptIns}): optout_causes and optout_cause_daily replace those dates
 * in the same commit as the window's (docs/nightly.md).
 */
final class OlderReoptIns {
  private static final Logger LOG = LoggerFactory.getLogger(OlderReoptIns.class);

  private OlderReoptIns() {}

  /**
   * @param classified the run's consent changes
   * @param changedConsent the used consent rows of the changed partitions
   */
  static Map<TableSpec, Write> added(
      Map<TableSpec, Write> tables,
      DeltaWarehouse warehouse,
      Dataset<Row> classified,
      Dataset<Row> changedConsent,
      RunWindow window,
      NightlyWork work,
      KeptFrames kept,
      RunPhases phases) {
    Optional<Instant> since = work.consentChangedSince();
    if (since.isEmpty() || !warehouse.exists(CausesTable.SPEC)) {
      return tables;
    }
    Column older = col(Columns.OPT_OUT_DATE).lt(lit(Date.valueOf(window.from())));
    Dataset<Row> stored = warehouse.read(CausesTable.SPEC).where(older);
    // kept: its dates are collected for the write's scope, its rows written
    Dataset<Row> changed =
        phases.time(
            "re-opt-ins of older opt-outs",
            () -> kept.keep(ReoptIns.changed(stored, classified, changedConsent, since.get())));
    List<Date> dates =
        changed.select(Columns.OPT_OUT_DATE).distinct().collectAsList().stream()
            .map(r -> r.getDate(0))
            .toList();
    if (dates.isEmpty()) {
      return tables;
    }
    LOG.info("re-opt-ins changed for opt-outs of {} older dates", dates.size());
    Column olderDates = col(Columns.OPT_OUT_DATE).isin(dates.toArray());
    Dataset<Row> causes = ReoptIns.merged(stored.where(olderDates), changed);
    Map<TableSpec, Write> extended = new LinkedHashMap<>(tables);
    extended.computeIfPresent(
        CausesTable.SPEC,
        (t, w) -> new Write(w.rows().unionByName(causes), w.scope().or(olderDates), w.after()));
    extended.computeIfPresent(
        CauseDailyTable.SPEC,
        (t, w) ->
            new Write(
                w.rows().unionByName(OptOutCauses.daily(causes, window.asOf())),
                w.scope().or(olderDates),
                w.after()));
    return extended;
  }
}
