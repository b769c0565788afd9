package io.optout.report;

import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse tables the report reads, cut to a date range and the app/channel filters. The range
 * prunes the files read (see {@link KernelWarehouse}); the filters are applied to the rows here.
 */
final class ReportSource {
  private final KernelWarehouse warehouse;
  private final ExportFilters filters;

  ReportSource(KernelWarehouse warehouse, ExportFilters filters) {
    this.warehouse = warehouse;
    this.filters = filters;
  }

  /** Rows of a table that must exist, in the period by its date column, filtered. */
  List<TableRow> rows(TableSpec table, String dateColumn, ExportPeriod period) {
    boolean byChannel = table.columnNames().contains(Columns.CHANNEL);
    return warehouse.rows(table, dateColumn, period.from(), period.to()).stream()
        .filter(
            r -> filters.app().isEmpty() || filters.app().get().equals(r.string(Columns.APP_ID)))
        .filter(
            r ->
                !byChannel
                    || filters.channel().isEmpty()
                    || filters.channel().get().equals(r.string(Columns.CHANNEL)))
        .toList();
  }

  /** Whether a table that older warehouses lack (section-8 tables) is there. */
  boolean exists(TableSpec table) {
    return warehouse.exists(table);
  }

  /** The same as {@link #rows} for a table that older warehouses lack: empty when absent. */
  Optional<List<TableRow>> optionalRows(TableSpec table, String dateColumn, ExportPeriod period) {
    if (!warehouse.exists(table)) {
      return Optional.empty();
    }
    return Optional.of(rows(table, dateColumn, period));
  }
}
