package io.optout.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The range predicates as SQL (what replaceWhere and partition pruning see); no Spark needed. */
class ColumnRangesTest {
  private static final LocalDate FROM = LocalDate.parse("2024-03-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-07");

  @Test
  void datesAreInclusiveOnBothEndsLikeSqlBetween() {
    assertEquals(
        col("day").between(lit(Date.valueOf(FROM)), lit(Date.valueOf(TO))).expr().sql(),
        ColumnRanges.datesIn(col("day"), FROM, TO).expr().sql());
  }

  @Test
  void anAbsentEndIsUnbounded() {
    assertEquals(
        "(dt >= DATE '2024-03-01')",
        ColumnRanges.datesIn(col("dt"), Optional.of(FROM), Optional.empty()).expr().sql());
    assertEquals(
        "(dt <= DATE '2024-03-07')",
        ColumnRanges.datesIn(col("dt"), Optional.empty(), Optional.of(TO)).expr().sql());
    assertEquals(
        "true", ColumnRanges.datesIn(col("dt"), Optional.empty(), Optional.empty()).expr().sql());
  }

  @Test
  void instantsIncludeTheStartAndExcludeTheEnd() {
    String sql =
        ColumnRanges.instantsIn(
                col("event_time"),
                Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-02T00:00:00Z"))
            .expr()
            .sql();
    assertEquals(
        true,
        sql.matches(
            "\\(\\(event_time >= TIMESTAMP '.*'\\) AND \\(event_time < TIMESTAMP '.*'\\)\\)"),
        sql);
  }
}
