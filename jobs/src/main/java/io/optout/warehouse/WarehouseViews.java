package io.optout.warehouse;

import io.optout.OptoutException;
import io.optout.schema.TableSpec;
import io.optout.schema.Tables;
import io.optout.spark.SparkCalls;
import io.optout.spark.internal.ReadOnlySql;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Registers every existing warehouse table as a temporary view under its own name. */
public final class WarehouseViews {
  private final SparkSession spark;
  private final DeltaWarehouse warehouse;

  public WarehouseViews(SparkSession spark, String root) {
    this.spark = spark;
    this.warehouse = new DeltaWarehouse(spark, root);
  }

  /** Returns the names registered. */
  public List<String> register() {
    List<String> names = new ArrayList<>();
    for (TableSpec table : Tables.all()) {
      if (warehouse.exists(table)) {
        warehouse.read(table).createOrReplaceTempView(table.name());
        names.add(table.name());
      }
    }
    if (names.isEmpty()) {
      throw new OptoutException(
          "no tables under " + warehouse.root() + " (run the pipeline first)",
          OptoutException.USAGE);
    }
    return names;
  }

  /** Runs a statement; a SQL error becomes one clear line. */
  public static Dataset<Row> sql(SparkSession spark, String statement) {
    return sql(spark, statement, false);
  }

  /** Runs a statement that only reads ({@link ReadOnlySql}); anything else is refused (exit 2). */
  public static Dataset<Row> readOnlySql(SparkSession spark, String statement) {
    return sql(spark, statement, true);
  }

  private static Dataset<Row> sql(SparkSession spark, String statement, boolean readOnly) {
    try {
      if (readOnly) {
        ReadOnlySql.check(spark, statement);
      }
      return SparkCalls.declaring(() -> spark.sql(statement));
    } catch (AnalysisException e) {
      // AnalysisException (and ParseException, its subclass) are the user's SQL, not a crash
      String message = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      throw new OptoutException("query failed: " + message, OptoutException.USAGE);
    } catch (SparkException | IOException e) {
      throw new OptoutException("query failed: " + e.getMessage(), OptoutException.FAILED, e);
    }
  }
}
