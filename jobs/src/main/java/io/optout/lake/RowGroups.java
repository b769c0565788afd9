package io.optout.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnull;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Keys that let the accounting count distinct rows without shuffling whole rows. Every row gets a
 * pair of 64-bit keys: for an event with an id, (hash of (app_id, event_id), fingerprint of the
 * row); for any other row, two independent fingerprints of the row. Rows with equal keys are taken
 * to be equal: the chance that two different rows share both keys is about 2^-64 per pair of rows
 * sharing an event id and 2^-128 per pair otherwise (docs/performance.md). An id-first key puts
 * every copy of an event id in one group, which also tells which ids more than one user holds.
 */
final class RowGroups {
  /** Seed of the second fingerprint, so that it is independent of the first. */
  private static final long SECOND_SEED = 0x9E3779B97F4A7C15L;

  private RowGroups() {}

  /** First key of a row (long, never null): the event's identity, else a fingerprint. */
  static Column firstKey(Lake lake) {
    Column fingerprint = fingerprint(lake, null);
    return identity(lake)
        .map(id -> (Column) when(id.isNotNull(), id).otherwise(fingerprint))
        .orElse(fingerprint);
  }

  /**
   * Second key of a row (long, never null): its fingerprint after an identity, else another one.
   */
  static Column secondKey(Lake lake) {
    Column seeded = fingerprint(lake, lit(SECOND_SEED));
    return identity(lake)
        .map(id -> (Column) when(id.isNotNull(), fingerprint(lake, null)).otherwise(seeded))
        .orElse(seeded);
  }

  /** The columns whose values are a row's identity (an event's app_id and event_id), if any. */
  static List<String> identityColumns(Lake lake) {
    return lake == Lake.EVENT ? List.of(Columns.APP_ID, Columns.EVENT_ID) : List.of();
  }

  /** Whether the row's first key is an event identity. */
  static Column identified(Lake lake) {
    return identity(lake).map(Column::isNotNull).orElse(lit(false));
  }

  /**
   * Hash of who holds an identified event, (app_id, user_id); null for lakes without identities.
   */
  static Column holder(Lake lake) {
    return identity(lake)
        .map(id -> xxhash64(col(Columns.APP_ID), col(Columns.USER_ID)))
        .orElse(lit(null).cast(DataTypes.LongType));
  }

  /** An event's identity, (app_id, event_id) hashed; null for an event without an id. */
  private static Optional<Column> identity(Lake lake) {
    List<String> columns = identityColumns(lake);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    Column[] values = columns.stream().map(c -> col(c)).toArray(Column[]::new);
    return Optional.of(when(col(Columns.EVENT_ID).isNotNull(), xxhash64(values)));
  }

  /**
   * Hash of every contract column and of its null flag: Spark's hash skips nulls, so without the
   * flags (null, "x") and ("x", null) would hash alike.
   */
  private static Column fingerprint(Lake lake, Column seed) {
    List<Column> parts = new ArrayList<>();
    if (seed != null) {
      parts.add(seed);
    }
    for (InputColumn column : InputSchemas.columns(lake)) {
      parts.add(col(column.name()));
      parts.add(isnull(col(column.name())));
    }
    return xxhash64(parts.toArray(Column[]::new));
  }
}
