package io.optout.schema.tables;

import static io.optout.schema.Columns.CHECKPOINT_AT;
import static io.optout.schema.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.optout.schema.TableSpec;
import java.util.stream.Stream;

/**
 * optout_consent_checkpoint (internal): the consent state at the start of the last nightly window,
 * so the next night reads only consent partitions from that instant on.
 */
public final class ConsentCheckpointTable {
  private ConsentCheckpointTable() {}

  public static final String NAME = "optout_consent_checkpoint";

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          null,
          "Internal: consent state per app, user and channel just before checkpoint_at. Lets"
              + " nightly runs skip consent history older than their window.",
          Stream.concat(
                  ConsentStateTable.SPEC.columns().stream(),
                  Stream.of(
                      column(
                          CHECKPOINT_AT,
                          TimestampType,
                          "Instant the state is taken at: every consent row strictly before it is"
                              + " folded in.")))
              .toList());
}
