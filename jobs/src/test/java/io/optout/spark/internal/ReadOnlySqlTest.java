package io.optout.spark.internal;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.OptoutException;
import io.optout.testing.SparkTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query command's guard decides by the parsed plan; no statement here needs a table to exist.
 */
@SparkTest
class ReadOnlySqlTest {

  private static void check(SparkSession spark, String sql) throws Exception {
    ReadOnlySql.check(spark, sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM optout_facts",
        "select count(*) from optout_facts where opt_out_date > date'2024-01-01'",
        "WITH f AS (SELECT * FROM optout_facts) SELECT user_id FROM f ORDER BY 1 LIMIT 3",
        "SELECT * FROM optout_facts WHERE user_id IN (SELECT user_id FROM optout_consent_state)",
        "SELECT 1 UNION ALL SELECT 2",
        "VALUES (1, 'a'), (2, 'b')",
        "TABLE optout_daily",
        "/* DELETE FROM optout_facts */ SELECT 'DROP TABLE optout_facts' AS text -- ; DROP TABLE x",
        "SELECT `delete`, `drop` FROM (SELECT 1 AS `delete`, 2 AS `drop`)",
        "DESCRIBE TABLE optout_facts",
        "SHOW TABLES",
        "SHOW COLUMNS IN optout_facts",
      })
  void readOnlyStatementsPass(String sql, SparkSession spark) {
    assertDoesNotThrow(() -> check(spark, sql));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE FROM optout_facts",
        "delete from optout_facts where true",
        "/* a harmless select */ DELETE FROM optout_facts",
        "-- SELECT\nDROP TABLE optout_facts",
        "DrOp TaBlE IF EXISTS optout_facts",
        "DROP VIEW optout_facts",
        "INSERT INTO optout_facts SELECT * FROM optout_facts",
        "INSERT OVERWRITE TABLE optout_facts SELECT * FROM optout_facts",
        "WITH f AS (SELECT * FROM optout_facts) INSERT INTO optout_daily SELECT * FROM f",
        "INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1",
        "UPDATE optout_facts SET user_id = 'x'",
        "MERGE INTO optout_facts t USING optout_facts s ON t.user_id = s.user_id WHEN MATCHED THEN"
            + " DELETE",
        "ALTER TABLE optout_facts ADD COLUMNS (x int)",
        "CREATE TABLE t (x int) USING delta",
        "CREATE OR REPLACE TEMP VIEW optout_facts AS SELECT 1",
        "CREATE TABLE t AS SELECT * FROM optout_facts",
        "REPLACE TABLE t (x int) USING delta",
        "TRUNCATE TABLE optout_facts",
        "OPTIMIZE delta.`/tmp/optout_facts`",
        "VACUUM delta.`/tmp/optout_facts` RETAIN 0 HOURS",
        "RESTORE TABLE delta.`/tmp/optout_facts` TO VERSION AS OF 0",
        "CACHE TABLE optout_facts",
        "SET spark.sql.shuffle.partitions = 1",
        "ADD JAR /tmp/evil.jar",
        "SELECT reflect('java.lang.System', 'setProperty', 'a', 'b')",
        "SELECT * FROM optout_facts WHERE user_id = java_method('java.lang.System', 'getProperty',"
            + " 'a')",
      })
  void writingStatementsAreRefusedInOneLine(String sql, SparkSession spark) {
    OptoutException refused = assertThrows(OptoutException.class, () -> check(spark, sql));
    assertEquals(OptoutException.USAGE, refused.exitCode());
    assertTrue(
        refused.getMessage().startsWith("query only reads: this statement "), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
  }
}
