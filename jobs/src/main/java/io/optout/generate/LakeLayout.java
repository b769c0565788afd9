package io.optout.generate;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import java.io.Serializable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The generated columns of one lake: the contract columns of {@link InputSchemas} in their order,
 * plus {@code dt} for the event lakes.
 */
final class LakeLayout implements Serializable {
  private final StructType schema;

  LakeLayout(Lake lake) {
    StructType contract = InputSchemas.schema(lake);
    this.schema =
        lake.partitionedByDt() ? contract.add(Columns.DT, DataTypes.StringType) : contract;
  }

  StructType schema() {
    return schema;
  }

  int index(String column) {
    return schema.fieldIndex(column);
  }

  Object[] newRow() {
    return new Object[schema.size()];
  }
}
