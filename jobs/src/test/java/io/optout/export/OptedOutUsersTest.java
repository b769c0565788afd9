package io.optout.export;

import static io.optout.export.ExportFixtures.fact;
import static io.optout.export.ExportFixtures.facts;
import static io.optout.export.ExportFixtures.state;
import static io.optout.export.ExportFixtures.states;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.tables.OptedOutUsersTable;
import io.optout.testing.DataFrames;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class OptedOutUsersTest {
  /** Opt-out dates 2024-03-01 .. 2024-03-07, as of 2024-03-10. */
  private static final ExportPeriod FIRST_WEEK_OF_MARCH =
      ExportPeriod.between(
          LocalDate.parse("2024-03-01"),
          LocalDate.parse("2024-03-07"),
          LocalDate.parse("2024-03-10"));

  private static List<Object[]> factRows() {
    List<Object[]> rows = new ArrayList<>();
    // u1/push: opted out before the range, then twice inside it (opting in between each time).
    rows.add(fact("a1", "u1", "push", "2024-02-20T12:00:00Z", "e-ancient", "d-ancient"));
    rows.add(fact("a1", "u1", "push", "2024-03-02T08:00:00Z", "e-old", "d-old"));
    rows.add(fact("a1", "u1", "push", "2024-03-05T09:00:00Z", "e-new", "d-new"));
    // u2/push opted out, later opted back in (consent state opt_in).
    rows.add(fact("a1", "u2", "push", "2024-03-03T10:00:00Z", "x2", null));
    // One day outside the range on each side.
    rows.add(fact("a1", "u3", "push", "2024-02-29T23:59:59Z", "x3", "d3"));
    rows.add(fact("a1", "u4", "push", "2024-03-08T00:00:00Z", "x4", "d4"));
    // On the first and the last day of the range.
    rows.add(fact("a1", "u5", "email", "2024-03-01T00:00:00Z", "x5", "d5"));
    rows.add(fact("a1", "u6", "sms", "2024-03-07T23:59:59Z", "x6", "d6"));
    // The same user id on another channel and in another app: rows of their own.
    rows.add(fact("a1", "u1", "email", "2024-03-04T00:00:00Z", "e-mail", "d-mail"));
    rows.add(fact("a2", "u1", "push", "2024-03-06T00:00:00Z", "z1", "dz"));
    // Reporting zone Europe/Berlin: 23:30 UTC on 02-29 is 00:30 on 03-01 local; the date decides.
    Object[] berlin = fact("a1", "u7", "push", "2024-02-29T23:30:00Z", "x7", null);
    berlin[4] = DataFrames.date("2024-03-01");
    rows.add(berlin);
    return rows;
  }

  private static List<Object[]> stateRows() {
    return List.of(
        state("a1", "u1", "push", "opt_out", "2024-03-05T09:00:00Z"),
        state("a1", "u2", "push", "opt_in", "2024-03-09T10:00:00Z"),
        state("a1", "u3", "push", "opt_out", "2024-02-29T23:59:59Z"),
        state("a1", "u4", "push", "opt_out", "2024-03-08T00:00:00Z"),
        state("a1", "u5", "email", "opt_out", "2024-03-01T00:00:00Z"),
        state("a1", "u6", "sms", "opt_out", "2024-03-07T23:59:59Z"),
        state("a1", "u1", "email", "opt_out", "2024-03-04T00:00:00Z"),
        state("a2", "u1", "push", "opt_out", "2024-03-06T00:00:00Z"));
    // a1/u7/push has no consent state: currently_opted_out is null (unknown).
  }

  private Dataset<Row> export(SparkSession spark, ExportFilters filters) {
    return OptedOutUsers.of(
        facts(spark, factRows()), states(spark, stateRows()), FIRST_WEEK_OF_MARCH, filters);
  }

  /** Rows in order, cells as the CSV writes them, null as "null". */
  private static List<String> lines(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(
            r -> {
              List<String> cells = new ArrayList<>();
              for (int i = 0; i < r.size(); i++) {
                cells.add(String.valueOf(CsvWriter.text(r.get(i))));
              }
              return String.join(",", cells);
            })
        .collect(Collectors.toList());
  }

  private static final String A1_EMAIL_U1 =
      "a1,u1,e-mail,d-mail,email,2024-03-04T00:00:00Z,2024-03-04T00:00:00Z,1,true";
  private static final String A1_EMAIL_U5 =
      "a1,u5,x5,d5,email,2024-03-01T00:00:00Z,2024-03-01T00:00:00Z,1,true";
  private static final String A1_PUSH_U1 =
      "a1,u1,e-new,d-new,push,2024-03-02T08:00:00Z,2024-03-05T09:00:00Z,2,true";
  private static final String A1_PUSH_U2 =
      "a1,u2,x2,null,push,2024-03-03T10:00:00Z,2024-03-03T10:00:00Z,1,false";
  private static final String A1_PUSH_U7 =
      "a1,u7,x7,null,push,2024-02-29T23:30:00Z,2024-02-29T23:30:00Z,1,null";
  private static final String A1_SMS_U6 =
      "a1,u6,x6,d6,sms,2024-03-07T23:59:59Z,2024-03-07T23:59:59Z,1,true";
  private static final String A2_PUSH_U1 =
      "a2,u1,z1,dz,push,2024-03-06T00:00:00Z,2024-03-06T00:00:00Z,1,true";

  @Test
  void oneRowPerAppUserChannelSortedByAppChannelUser(SparkSession spark) {
    Dataset<Row> result = export(spark, ExportFilters.NONE);
    assertEquals(OptedOutUsersTable.SPEC.columnNames(), List.of(result.columns()));
    assertEquals(
        List.of(
            A1_EMAIL_U1, A1_EMAIL_U5, A1_PUSH_U1, A1_PUSH_U2, A1_PUSH_U7, A1_SMS_U6, A2_PUSH_U1),
        lines(result));
  }

  @Test
  void appAndChannelFiltersNarrowTheRows(SparkSession spark) {
    assertEquals(List.of(A2_PUSH_U1), lines(export(spark, ExportFilters.of("a2", null))));
    assertEquals(
        List.of(A1_EMAIL_U1, A1_EMAIL_U5), lines(export(spark, ExportFilters.of(null, "email"))));
    assertEquals(
        List.of(A1_PUSH_U1, A1_PUSH_U2, A1_PUSH_U7),
        lines(export(spark, ExportFilters.of("a1", "push"))));
    assertEquals(List.of(), lines(export(spark, ExportFilters.of("a2", "sms"))));
  }

  @Test
  void emptyFactsGiveAnEmptyExportWithItsColumns(SparkSession spark) {
    Dataset<Row> result =
        OptedOutUsers.of(
            facts(spark, List.of()),
            states(spark, List.of()),
            FIRST_WEEK_OF_MARCH,
            ExportFilters.NONE);
    assertEquals(OptedOutUsersTable.SPEC.schema().simpleString(), result.schema().simpleString());
    assertEquals(0, result.count());
  }
}
