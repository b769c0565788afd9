package io.optout.metrics;

import static io.optout.metrics.ConsentFixtures.*;
import static io.optout.metrics.Fixtures.campaign;
import static io.optout.metrics.Fixtures.push;
import static io.optout.metrics.Fixtures.pushes;
import static io.optout.testing.DataFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.optout.schema.Columns;
import io.optout.testing.SparkTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@SparkTest
class CampaignImpactTest {
  private static final LocalDays APR_1 =
      new LocalDays(LocalDate.parse("2024-04-01"), LocalDate.parse("2024-04-01"), ZoneOffset.UTC);

  private static Dataset<Row> consentRows(SparkSession spark) {
    return consent(
        spark,
        row("u1", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row("u1", "push", "opt_out", "2024-04-01T12:00:00Z"), // 2h after c1: an outcome
        row("u2", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row("u2", "push", "opt_out", "2024-04-03T10:00:00Z"), // exactly t + 48h: an outcome
        row("u3", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row("u3", "push", "opt_out", "2024-04-03T10:00:01Z"), // 1 s past the horizon
        row("u4", "push", "opt_in", "2024-03-01T00:00:00Z"),
        row("u4", "email", "opt_in", "2024-03-01T00:00:00Z"),
        row("u4", "email", "opt_out", "2024-04-02T10:00:00Z"), // within 2 days of c2's 09:00
        row("u5", "push", "opt_in", "2024-04-01T08:00:00Z"), // at the push's instant: not before
        row("u6", "push", "opt_out", "2024-03-01T00:00:00Z"), // opted out: not exposed
        row("u7", "push", "opt_in", "2024-03-01T00:00:00Z"));
  }

  private static Dataset<Row> pushRows(SparkSession spark) {
    return pushes(
        spark,
        push("a1", "u1", "m1", "c1", "delivered", "2024-04-01T10:00:00Z"),
        push("a1", "u2", "m1", "c1", "delivered", "2024-04-01T10:00:00Z"),
        push("a1", "u3", "m1", "c1", "delivered", "2024-04-01T10:00:00Z"),
        push("a1", "u3", "m1", "c1", "opened", "2024-04-01T11:00:00Z"), // not a received type
        push("a1", "u4", "m2", "c2", "delivered", "2024-04-01T09:00:00Z"), // the first: t
        push("a1", "u4", "m3", "c2", "delivered", "2024-04-01T11:00:00Z"),
        push("a1", "u5", "m2", "c2", "delivered", "2024-04-01T08:00:00Z"),
        push("a1", "u6", "m1", "c1", "delivered", "2024-04-01T10:00:00Z"),
        push("a1", "u7", "m2", "c2", "delivered", "2024-04-01T10:00:00Z"),
        push("a1", "u7", "m9", null, "delivered", "2024-04-01T10:00:00Z"), // transactional
        push("a1", "u7", "m4", "c3", "delivered", "2024-04-02T00:00:00Z")); // the next day
  }

  private static Dataset<Row> impact(SparkSession spark, int minRecipients, double fdr) {
    Dataset<Row> consent = consentRows(spark);
    return CampaignImpact.of(
        noPriorState(spark),
        ConsentChanges.classify(consent, noPriorState(spark)),
        pushRows(spark),
        frame(
            spark,
            Fixtures.CAMPAIGNS,
            campaign(
                "a1",
                "c1",
                "Flash sale",
                "broadcast",
                "2024-03-01T00:00:00Z",
                "2024-03-01T00:00:00Z")),
        APR_1,
        LocalDate.parse("2024-04-04"),
        new CampaignImpact.Settings(2, fdr, minRecipients, List.of("delivered")));
  }

  private static Map<String, Row> byCampaignAndChannel(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs(Columns.CAMPAIGN_ID) + "/" + r.getAs(Columns.CHANNEL), r -> r));
  }

  @Test
  void eachCampaignIsComparedWithTheAppsOtherCampaignsThatDay(SparkSession spark) {
    Map<String, Row> rows = byCampaignAndChannel(impact(spark, 2, 0.7));
    assertEquals(java.util.Set.of("c1/push", "c2/push", "c2/email"), rows.keySet(), "exposures");

    // c1 push: u1, u2, u3 exposed; u1 and u2 opt out within 2 days. Base: c2 push, u4 and u7, none
    Row c1 = rows.get("c1/push");
    assertEquals(3L, c1.<Long>getAs(Columns.RECIPIENTS));
    assertEquals(2L, c1.<Long>getAs(Columns.OPT_OUTS));
    assertEquals(2L, c1.<Long>getAs(Columns.BASE_RECIPIENTS));
    assertEquals(0L, c1.<Long>getAs(Columns.BASE_OPT_OUTS));
    assertEquals(2000.0 / 3, c1.<Double>getAs(Columns.OPT_OUTS_PER_1000), 1e-9);
    assertEquals(0.0, c1.<Double>getAs(Columns.BASELINE_PER_1000), 1e-9);
    assertEquals(0.0, c1.<Double>getAs(Columns.EXPECTED_OPT_OUTS), 1e-9);
    assertEquals(2.0, c1.<Double>getAs(Columns.EXCESS_OPT_OUTS), 1e-9);
    // fisher(2, 3, 0, 2) = C(2,2) C(3,1) / C(5,3) = 3/10
    assertEquals(0.3, c1.<Double>getAs(Columns.P_VALUE), 1e-9);
    // both rows eligible (at least 2 recipients each side); q = 0.7: 0.3 <= 1 * 0.7 / 2
    assertEquals(true, c1.<Boolean>getAs(Columns.IS_HARMFUL));
    assertEquals("Flash sale", c1.getAs(Columns.CAMPAIGN_NAME));
    assertEquals(true, c1.<Boolean>getAs(Columns.IS_FINAL), "04-01 + 2 + 1 <= 04-04");

    // c2 push: u4 (first push at 09:00) and u7; u5 opted in at the push's instant: no state
    Row c2 = rows.get("c2/push");
    assertEquals(2L, c2.<Long>getAs(Columns.RECIPIENTS));
    assertEquals(0L, c2.<Long>getAs(Columns.OPT_OUTS));
    assertEquals(3L, c2.<Long>getAs(Columns.BASE_RECIPIENTS));
    assertEquals(2L, c2.<Long>getAs(Columns.BASE_OPT_OUTS));
    assertEquals(2.0 * 2 / 3, c2.<Double>getAs(Columns.EXPECTED_OPT_OUTS), 1e-9);
    assertEquals(-4.0 / 3, c2.<Double>getAs(Columns.EXCESS_OPT_OUTS), 1e-9);
    assertEquals(1.0, c2.<Double>getAs(Columns.P_VALUE), 1e-9);
    assertEquals(false, c2.<Boolean>getAs(Columns.IS_HARMFUL));
    assertNull(c2.getAs(Columns.CAMPAIGN_NAME));

    // c2 email: u4 alone, opted out of email 25h after; no other campaign reached email
    Row email = rows.get("c2/email");
    assertEquals(1L, email.<Long>getAs(Columns.RECIPIENTS));
    assertEquals(1L, email.<Long>getAs(Columns.OPT_OUTS));
    assertEquals(0L, email.<Long>getAs(Columns.BASE_RECIPIENTS));
    assertNull(email.getAs(Columns.BASELINE_PER_1000));
    assertNull(email.getAs(Columns.EXPECTED_OPT_OUTS));
    assertNull(email.getAs(Columns.P_VALUE));
    assertEquals(false, email.<Boolean>getAs(Columns.IS_HARMFUL));
  }

  @Test
  void rowsBelowTheMinimumRecipientsAreNeverFlagged(SparkSession spark) {
    // 3 recipients against a base of 2: with a minimum of 3 the base is too small
    Map<String, Row> rows = byCampaignAndChannel(impact(spark, 3, 0.7));
    assertEquals(false, rows.get("c1/push").<Boolean>getAs(Columns.IS_HARMFUL));
    assertEquals(0.3, rows.get("c1/push").<Double>getAs(Columns.P_VALUE), 1e-9);
  }
}
