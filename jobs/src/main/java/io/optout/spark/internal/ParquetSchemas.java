package io.optout.spark.internal;

import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's reading of a Parquet footer schema, under the session's Parquet settings (the same on
 * both Spark lines). The intake checks every file it reads against the contract on the driver,
 * before Spark reads a row, and hands Spark the union of the files' schemas: with Spark's own
 * mapping the schema is exactly the one Spark would infer, for contract and extra columns alike.
 * The public way, {@code spark.read().parquet(file).schema()}, plans a read of each file (the
 * 30-day run on lake M checks some hundreds of files).
 */
public final class ParquetSchemas {
  private final ParquetToSparkSchemaConverter converter;

  public ParquetSchemas(SparkSession spark) {
    this.converter = new ParquetToSparkSchemaConverter(spark.sessionState().conf());
  }

  /**
   * Declared so the caller may catch it: Scala does not declare the AnalysisException it throws.
   */
  public StructType sparkSchema(MessageType parquet) throws AnalysisException {
    return converter.convert(parquet);
  }
}
