package io.optout.schema;

import io.optout.schema.tables.BaseTable;
import io.optout.schema.tables.CampaignImpactTable;
import io.optout.schema.tables.CampaignReachTable;
import io.optout.schema.tables.CauseDailyTable;
import io.optout.schema.tables.CausesTable;
import io.optout.schema.tables.CohortsTable;
import io.optout.schema.tables.ConsentCheckpointTable;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.DailyTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.FrequencyCapTable;
import io.optout.schema.tables.InputFilesTable;
import io.optout.schema.tables.LastCampaignTable;
import io.optout.schema.tables.LastEventsTable;
import io.optout.schema.tables.PushFatigueTable;
import io.optout.schema.tables.PushHistogramTable;
import io.optout.schema.tables.RejectsTable;
import io.optout.schema.tables.RunsTable;
import io.optout.schema.tables.SpikesTable;
import io.optout.schema.tables.UserCohortsTable;
import java.util.List;
import java.util.Optional;

/**
 * Every output table of docs/metrics.md sections 5, 8 and 9. Each is defined in {@code
 * io.optout.schema.tables} by a class named after the table ({@code optout_facts}: {@link
 * FactsTable}): its name, grain, column order, types and the comments BI users see, with the column
 * names of {@link Columns}. docs/tables.md is generated from these definitions: after adding or
 * changing a table, regenerate it (the command is at its top).
 */
public final class Tables {
  private Tables() {}

  /**
   * Every output table, in the order of docs/metrics.md (section 5, then sections 8 and 9). A new
   * table's {@code SPEC} is added here: maintenance, catalog registration, `query` and the
   * non-Spark readability test go through this list.
   */
  public static List<TableSpec> all() {
    return List.of(
        FactsTable.SPEC,
        DailyTable.SPEC,
        PushHistogramTable.SPEC,
        LastCampaignTable.SPEC,
        CohortsTable.SPEC,
        LastEventsTable.SPEC,
        UserCohortsTable.SPEC,
        CampaignReachTable.SPEC,
        RejectsTable.SPEC,
        RunsTable.SPEC,
        ConsentStateTable.SPEC,
        ConsentCheckpointTable.SPEC,
        InputFilesTable.SPEC,
        BaseTable.SPEC,
        PushFatigueTable.SPEC,
        SpikesTable.SPEC,
        CampaignImpactTable.SPEC,
        CausesTable.SPEC,
        CauseDailyTable.SPEC,
        FrequencyCapTable.SPEC);
  }

  /** The output table called {@code name}, if there is one. */
  public static Optional<TableSpec> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
