package io.optout.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.optout.export.ExportFilters;
import io.optout.export.ExportPeriod;
import io.optout.schema.Columns;
import io.optout.schema.TableSpec;
import io.optout.warehouse.DeltaWarehouse;
import java.sql.Date;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The warehouse tables the report reads, cut to a date range and the app/channel filters. Every
 * filter is a Column on a partition or plain column, so Delta prunes partitions by date.
 */
final class ReportSource {
  private final DeltaWarehouse warehouse;
  private final ExportFilters filters;

  ReportSource(DeltaWarehouse warehouse, ExportFilters filters) {
    this.warehouse = warehouse;
    this.filters = filters;
  }

  /** Rows of a table that must exist, in the period by its date column, filtered. */
  Dataset<Row> rows(TableSpec table, String dateColumn, ExportPeriod period) {
    return cut(warehouse.read(table), table, dateColumn, period);
  }

  /** The same for a table that older warehouses lack (section-8 tables): empty when absent. */
  Optional<Dataset<Row>> optionalRows(TableSpec table, String dateColumn, ExportPeriod period) {
    if (!warehouse.exists(table)) {
      return Optional.empty();
    }
    return Optional.of(rows(table, dateColumn, period));
  }

  private Dataset<Row> cut(
      Dataset<Row> frame, TableSpec table, String dateColumn, ExportPeriod period) {
    Column scope =
        col(dateColumn).between(lit(Date.valueOf(period.from())), lit(Date.valueOf(period.to())));
    if (filters.app().isPresent()) {
      scope = scope.and(col(Columns.APP_ID).equalTo(lit(filters.app().get())));
    }
    if (filters.channel().isPresent() && table.columnNames().contains(Columns.CHANNEL)) {
      scope = scope.and(col(Columns.CHANNEL).equalTo(lit(filters.channel().get())));
    }
    return frame.where(scope);
  }
}
