package io.optout.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.optout.schema.Columns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the campaign names and types stored in the tables no longer match the campaign lake: a new
 * version of a campaign renames it in every table that shows it, however old the date (a nightly
 * run recomputes from the earliest such date). Campaigns appear in optout_last_campaign (name and
 * type), optout_spikes (top campaign's name) and optout_campaign_impact (name).
 */
public final class CampaignNameDrift {
  private CampaignNameDrift() {}

  private static final String DATE = "_date";

  /**
   * The earliest date with a stale name or type, empty when none.
   *
   * @param latest the latest version of each campaign (CampaignVersions.latest)
   * @param lastCampaign optout_last_campaign rows, if the table exists
   * @param spikes optout_spikes rows, if the table exists
   * @param impact optout_campaign_impact rows, if the table exists
   */
  public static Optional<LocalDate> earliest(
      Dataset<Row> latest,
      Optional<Dataset<Row>> lastCampaign,
      Optional<Dataset<Row>> spikes,
      Optional<Dataset<Row>> impact) {
    List<Dataset<Row>> stale = new ArrayList<>();
    lastCampaign.ifPresent(
        rows ->
            stale.add(
                staleDates(
                    rows,
                    Columns.OPT_OUT_DATE,
                    Columns.CAMPAIGN_ID,
                    latest,
                    not(col(Columns.CAMPAIGN_NAME).eqNullSafe(col(Columns.NAME)))
                        .or(not(col(Columns.CAMPAIGN_TYPE).eqNullSafe(col(Columns.TYPE)))))));
    spikes.ifPresent(
        rows ->
            stale.add(
                staleDates(
                    rows,
                    Columns.DAY,
                    Columns.TOP_CAMPAIGN_ID,
                    latest,
                    not(col(Columns.TOP_CAMPAIGN_NAME).eqNullSafe(col(Columns.NAME))))));
    impact.ifPresent(
        rows ->
            stale.add(
                staleDates(
                    rows,
                    Columns.DAY,
                    Columns.CAMPAIGN_ID,
                    latest,
                    not(col(Columns.CAMPAIGN_NAME).eqNullSafe(col(Columns.NAME))))));
    return stale.stream()
        .map(dates -> dates.agg(org.apache.spark.sql.functions.min(col(DATE))).first())
        .filter(row -> !row.isNullAt(0))
        .map(row -> row.getDate(0).toLocalDate())
        .min(LocalDate::compareTo);
  }

  /** Dates of {@code rows} naming a campaign (in {@code idColumn}) where {@code differs} holds. */
  private static Dataset<Row> staleDates(
      Dataset<Row> rows, String dateColumn, String idColumn, Dataset<Row> latest, Column differs) {
    Dataset<Row> versions =
        latest.select(
            col(Columns.APP_ID).as("_app"),
            col(Columns.CAMPAIGN_ID).as("_campaign"),
            col(Columns.NAME),
            col(Columns.TYPE));
    return rows.where(col(idColumn).isNotNull())
        .join(
            versions,
            col(Columns.APP_ID).equalTo(col("_app")).and(col(idColumn).equalTo(col("_campaign"))),
            "left")
        .where(differs)
        .select(col(dateColumn).as(DATE));
  }
}
