package io.optout.ops;

import io.delta.tables.DeltaTable;
import io.optout.OptoutException;
import io.optout.schema.TableLocations;
import io.optout.schema.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the output tables queryable by name: registers them in the Spark catalog under a database
 * and writes the equivalent statements for Trino's Delta Lake connector and Amazon Athena. The
 * tables stay where the pipeline writes them (external tables over the Delta location); the schema
 * always comes from the Delta log, so registering again after a run is never needed.
 */
public final class Registration {
  /** Database names come from the command line: plain identifiers only, so quoting is enough. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String database;
  private final String warehouse;
  private final String trinoCatalog;

  public Registration(String database, String warehouse, String trinoCatalog) {
    this.database = identifier("--database", database);
    this.trinoCatalog = identifier("--trino-catalog", trinoCatalog);
    this.warehouse = TableLocations.uri(warehouse);
  }

  private static String identifier(String option, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw OptoutException.usage(
          option
              + ": '"
              + name
              + "' is not a valid name (letters, digits and _, not starting with a digit)");
    }
    return name;
  }

  /**
   * Athena and Trino know S3 as {@code s3://}; Hadoop's {@code s3a://}/{@code s3n://} are the same
   * objects.
   */
  static String s3Uri(String location) {
    return location.replaceFirst("^(?i)s3[an]://", "s3://");
  }

  /** The table's location as a URI: a catalog resolves a relative path its own way. */
  public String location(TableSpec table) {
    return TableLocations.uri(table.location(warehouse));
  }

  public List<String> sparkStatements(List<TableSpec> tables) {
    return statements(
        "CREATE DATABASE IF NOT EXISTS " + backticked(database),
        tables,
        table ->
            "CREATE TABLE IF NOT EXISTS "
                + backtickedName(table)
                + " USING DELTA LOCATION "
                + sparkString(location(table)));
  }

  /**
   * Trino: register_table reads the schema from the Delta log (catalog needs
   * delta.register-table-procedure.enabled=true).
   */
  public List<String> trinoStatements(List<TableSpec> tables) {
    return statements(
        "CREATE SCHEMA IF NOT EXISTS " + doubleQuoted(trinoCatalog) + "." + doubleQuoted(database),
        tables,
        table ->
            "CALL "
                + doubleQuoted(trinoCatalog)
                + ".system.register_table(schema_name => "
                + ansiString(database)
                + ", table_name => "
                + ansiString(table.name())
                + ", table_location => "
                + ansiString(s3Uri(location(table)))
                + ")");
  }

  /**
   * Athena (AWS Glue catalog): only LOCATION and table_type are allowed; columns come from the
   * Delta log.
   */
  public List<String> athenaStatements(List<TableSpec> tables) {
    return statements(
        "CREATE DATABASE IF NOT EXISTS " + backticked(database),
        tables,
        table ->
            "CREATE EXTERNAL TABLE IF NOT EXISTS "
                + backtickedName(table)
                + " LOCATION "
                + ansiString(s3Uri(location(table)))
                + " TBLPROPERTIES ('table_type' = 'DELTA')");
  }

  /** The schema statement, then one statement per table. */
  private static List<String> statements(
      String schema, List<TableSpec> tables, Function<TableSpec, String> perTable) {
    List<String> statements = new ArrayList<>();
    statements.add(schema);
    tables.stream().map(perTable).forEach(statements::add);
    return statements;
  }

  /** {@code `database`.`table`}, as Spark SQL and Athena name a table. */
  private String backtickedName(TableSpec table) {
    return backticked(database) + "." + backticked(table.name());
  }

  /**
   * Tables of the list that exist at their location (a catalog entry needs the Delta log's schema).
   */
  public List<TableSpec> existing(SparkSession spark, List<TableSpec> tables) {
    return tables.stream().filter(t -> DeltaTable.isDeltaTable(spark, location(t))).toList();
  }

  /** Runs the Spark statements for the existing tables; returns the tables registered. */
  public List<TableSpec> register(SparkSession spark, List<TableSpec> tables) {
    List<TableSpec> present = existing(spark, tables);
    sparkStatements(present).forEach(spark::sql);
    return present;
  }

  public String database() {
    return database;
  }

  static String backticked(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  static String doubleQuoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A Spark SQL string literal: backslash is an escape character there. */
  static String sparkString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** An ANSI SQL string literal (Trino, Athena): a quote is doubled. */
  static String ansiString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** True when Athena and Trino on AWS can use the location as it is. */
  public boolean onS3() {
    return warehouse.toLowerCase(Locale.ROOT).matches("^s3[an]?://.*");
  }
}
