package io.optout.lake;

import static io.optout.testing.DataFrames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.junit.jupiter.api.Assertions.*;

import io.optout.config.Lake;
import io.optout.schema.Columns;
import io.optout.schema.InputSchemas;
import io.optout.testing.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

@SparkTest
class LakeIntakeTest {

  /** Stored rows as a reader returns them: contract columns plus the dt partition. */
  private static Dataset<Row> stored(SparkSession spark, Lake lake, Object[]... rows) {
    return frame(spark, InputSchemas.schema(lake), rows)
        .withColumn(Columns.DT, lit(date("2024-03-01")));
  }

  /** (app_id, user_id) keys: the users whose rows a selecting intake hands out. */
  private static Dataset<Row> users(SparkSession spark, Object[]... keys) {
    return frame(
        spark,
        new org.apache.spark.sql.types.StructType()
            .add("app_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType),
        keys);
  }

  @Test
  void consentRulesRejectEachBrokenRowWithTheFirstRuleItBreaks(SparkSession spark) {
    Dataset<Row> rows =
        stored(
            spark,
            Lake.CONSENT,
            new Object[] {
              "a1", "u1", null, null, "push", "opt_out", ts("2024-03-01T00:00:00Z"), null, null
            },
            new Object[] {
              "a1", null, null, null, "push", "opt_out", ts("2024-03-01T00:00:00Z"), null, null
            },
            new Object[] {
              "  ", "u2", null, null, "push", "opt_out", ts("2024-03-01T00:00:00Z"), null, null
            },
            new Object[] {
              "a1", "u3", null, null, "fax", "opt_out", ts("2024-03-01T00:00:00Z"), null, null
            },
            new Object[] {
              "a1", "u4", null, null, "push", "maybe", ts("2024-03-01T00:00:00Z"), null, null
            },
            new Object[] {"a1", "u5", null, null, "push", "opt_out", null, null, null},
            new Object[] {
              "a1", "u6", null, null, null, "opt_out", ts("2024-03-01T00:00:00Z"), null, null
            });
    LakeIntake intake = LakeIntake.of(Lake.CONSENT, rows);
    assertEquals(
        Map.of(
            "user_id: required", 1L,
            "app_id: required", 1L,
            "channel: not one of email, push, sms", 1L,
            "status: not one of opt_in, opt_out", 1L,
            "event_time: required", 1L,
            "channel: required", 1L),
        intake.rejectedByRule());
    assertRows(intake.used().select("user_id"), "[u1]");
    assertEquals(7, intake.rowsRead());
    assertEquals(6.0 / 7, intake.rejectedShare(), 1e-9);
    assertTrue(
        intake.exampleOf("status: not one of opt_in, opt_out").contains("\"status\":\"maybe\""));
  }

  @Test
  void aRejectedRowKeepsItsColumnsAsStoredAsJsonWhetherTheLakeIsKeptOrNot(SparkSession spark) {
    Object[] broken = {
      "a1", "u4", null, null, " Push ", "maybe", ts("2024-03-01T00:00:00Z"), null, null
    };
    // as stored: the channel not trimmed or lower-cased, null columns left out, dt included
    String raw =
        "{\"app_id\":\"a1\",\"user_id\":\"u4\",\"channel\":\" Push \",\"status\":\"maybe\","
            + "\"event_time\":\"2024-03-01T00:00:00.000Z\",\"dt\":\"2024-03-01\"}";
    for (LakeIntake intake :
        new LakeIntake[] {
          LakeIntake.of(Lake.CONSENT, stored(spark, Lake.CONSENT, broken)),
          LakeIntake.keeping(Lake.CONSENT, stored(spark, Lake.CONSENT, broken))
        }) {
      assertRows(
          intake.rejected().select(ContractRules.RULE, ContractRules.RAW),
          "[status: not one of opt_in, opt_out," + raw + "]");
      intake.release();
    }
  }

  @Test
  void enumerationsAreLowerCasedAndTrimmedThenExactDuplicatesCountOnce(SparkSession spark) {
    Dataset<Row> rows =
        stored(
            spark,
            Lake.CONSENT,
            new Object[] {
              "a1",
              "u1",
              "E1",
              null,
              " PUSH ",
              " Opt_Out ",
              ts("2024-03-01T00:00:00Z"),
              "Settings",
              " IOS"
            },
            new Object[] {
              "a1",
              "u1",
              "E1",
              null,
              "push",
              "opt_out",
              ts("2024-03-01T00:00:00Z"),
              "settings",
              "ios"
            },
            new Object[] {
              "a1",
              "u1",
              "E1",
              null,
              "push",
              "opt_out",
              ts("2024-03-01T00:00:00Z"),
              "settings",
              "android"
            });
    LakeIntake intake = LakeIntake.of(Lake.CONSENT, rows);
    // ids are not enumerations: "E1" keeps its case
    assertRows(
        intake.used().select("external_id", "channel", "status", "source", "platform"),
        "[E1,push,opt_out,settings,android]",
        "[E1,push,opt_out,settings,ios]");
    assertEquals(3, intake.rowsRead());
    assertEquals(2, intake.rowsUsed());
    assertEquals(0, intake.rowsRejected());
    assertEquals(1, intake.rowsDuplicate());
  }

  @Test
  void pushCampaignAndEventRules(SparkSession spark) {
    LakeIntake push =
        LakeIntake.of(
            Lake.PUSH,
            stored(
                spark,
                Lake.PUSH,
                new Object[] {
                  "a1", "u1", "m1", null, "Delivered", ts("2024-03-01T00:00:00Z"), null
                },
                new Object[] {"a1", "u1", "m2", "c1", "bounced", ts("2024-03-01T00:00:00Z"), null},
                new Object[] {"a1", "u1", null, "c1", "sent", ts("2024-03-01T00:00:00Z"), null}));
    assertEquals(
        Map.of(
            "event_type: not one of clicked, delivered, dismissed, failed, opened, sent",
            1L,
            "message_id: required",
            1L),
        push.rejectedByRule());
    assertRows(push.used().select("message_id", "event_type"), "[m1,delivered]");

    Dataset<Row> campaigns =
        frame(
                spark,
                InputSchemas.schema(Lake.CAMPAIGN),
                new Object[] {
                  "a1", "c1", "Spring", " Broadcast", "PUSH", null, ts("2024-03-01T00:00:00Z")
                },
                new Object[] {"a1", "c2", "Summer", "automated", "push", null, null})
            .withColumn(Columns.DT, lit(null).cast(DataTypes.DateType));
    LakeIntake campaign = LakeIntake.of(Lake.CAMPAIGN, campaigns);
    assertEquals(Map.of("updated_at: required", 1L), campaign.rejectedByRule());
    assertRows(campaign.used().select("campaign_id", "type", "channel"), "[c1,broadcast,push]");

    LakeIntake event =
        LakeIntake.of(
            Lake.EVENT,
            stored(
                spark,
                Lake.EVENT,
                new Object[] {"a1", "u1", null, "app_open", ts("2024-03-01T00:00:00Z"), "Web"},
                new Object[] {"a1", "u1", "e1", " ", ts("2024-03-01T00:00:00Z"), null}));
    assertEquals(Map.of("event_name: required", 1L), event.rejectedByRule());
    assertRows(event.used().select("event_name", "platform"), "[app_open,web]");
  }

  @Test
  void valuesOfTheWrongTypeAreRejectedNotCrashed(SparkSession spark) {
    // a JSON lake stores timestamps as strings
    Dataset<Row> json =
        spark
            .createDataFrame(
                java.util.List.of(
                    org.apache.spark.sql.RowFactory.create(
                        "a1", "u1", "app_open", "2024-03-01T10:00:00Z"),
                    org.apache.spark.sql.RowFactory.create("a1", "u2", "app_open", "yesterday")),
                new org.apache.spark.sql.types.StructType()
                    .add("app_id", DataTypes.StringType)
                    .add("user_id", DataTypes.StringType)
                    .add("event_name", DataTypes.StringType)
                    .add("event_time", DataTypes.StringType))
            .withColumn(Columns.DT, lit(date("2024-03-01")));
    LakeIntake intake = LakeIntake.of(Lake.EVENT, json);
    assertEquals(Map.of("event_time: not a timestamp", 1L), intake.rejectedByRule());
    assertRows(
        intake.used().select(col("user_id"), col("event_time")), "[u1,2024-03-01 10:00:00.0]");
  }

  @Test
  void anEventIdSharedByDifferentRowsIsCountedByValueAndKeptWithEveryCopyForItsUsers(
      SparkSession spark) {
    // e1: two exact copies for u1 (one duplicate); e2: the same id for u1 and, earlier, u2 (two
    // distinct rows of one id, an "ambiguous" group); a null id twice (one duplicate); u3's own
    // event.
    LakeIntake intake =
        LakeIntake.of(
            Lake.EVENT,
            stored(
                spark,
                Lake.EVENT,
                new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
                new Object[] {"a1", "u1", "e1", "APP_OPEN", ts("2024-03-01T10:00:00Z"), " IOS"},
                new Object[] {"a1", "u1", "e2", "search", ts("2024-03-01T11:00:00Z"), null},
                new Object[] {"a1", "u2", "e2", "search", ts("2024-03-01T09:00:00Z"), null},
                new Object[] {"a1", "u1", null, "like", ts("2024-03-01T12:00:00Z"), null},
                new Object[] {"a1", "u1", null, "like", ts("2024-03-01T12:00:00Z"), null},
                new Object[] {"a1", "u3", "e3", "like", ts("2024-03-01T12:00:00Z"), null}));
    assertEquals(7, intake.rowsRead());
    assertEquals(0, intake.rowsRejected());
    // APP_OPEN is an event name, not an enumeration: the second e1 row differs from the first
    assertEquals(6, intake.rowsUsed());
    assertEquals(1, intake.rowsDuplicate());
    assertEquals(7, intake.valid().count());
    Dataset<Row> u1 = users(spark, new Object[] {"a1", "u1"});
    // every copy of u1's event ids, u2's copy of e2 included, each distinct row once; not u3's
    // event
    assertRows(
        intake.usedRowsOf(u1).select("user_id", "event_id", "event_name"),
        "[u1,e1,APP_OPEN]",
        "[u1,e1,app_open]",
        "[u1,e2,search]",
        "[u1,null,like]",
        "[u2,e2,search]");
  }

  @Test
  void aSelectingIntakeCountsAsAPlainOneAndHandsOutTheSelectedUsersRowsAndTheCopiesTheyShare(
      SparkSession spark) {
    // e2: u1's id, held earlier (another day) by u2, so the copy that counts is u2's: both rows
    // are needed. e4: shared by u3 and u4 only, nothing of u1. One rejected row of u1's.
    Dataset<Row> rows =
        frame(
                spark,
                InputSchemas.schema(Lake.EVENT),
                new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
                new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
                new Object[] {"a1", "u1", "e2", "search", ts("2024-03-02T11:00:00Z"), null},
                new Object[] {"a1", "u2", "e2", "search", ts("2024-03-01T09:00:00Z"), null},
                new Object[] {"a1", "u3", "e4", "like", ts("2024-03-01T08:00:00Z"), null},
                new Object[] {"a1", "u4", "e4", "like", ts("2024-03-02T08:00:00Z"), null},
                new Object[] {"a1", "u1", null, "like", ts("2024-03-01T12:00:00Z"), null},
                new Object[] {"a1", "u1", null, "like", ts("2024-03-01T12:00:00Z"), null},
                new Object[] {"a1", "u1", "e5", null, ts("2024-03-01T13:00:00Z"), null},
                new Object[] {"a1", "u3", "e3", "like", ts("2024-03-01T12:00:00Z"), null})
            .withColumn(Columns.DT, to_date(col(Columns.EVENT_TIME)));
    Dataset<Row> u1 = users(spark, new Object[] {"a1", "u1"});
    LakeIntake selecting = LakeIntake.selecting(Lake.EVENT, rows, u1);
    assertEquals(10, selecting.rowsRead());
    assertEquals(Map.of("event_name: required", 1L), selecting.rejectedByRule());
    assertEquals(7, selecting.rowsUsed());
    assertEquals(2, selecting.rowsDuplicate());
    assertEquals(1, selecting.rejected().count());
    assertRows(
        selecting.selectedRows().select("user_id", "event_id", "event_name"),
        "[u1,e1,app_open]",
        "[u1,e2,search]",
        "[u1,null,like]");
    // e2 is shared: every copy of it, read again from its days only
    assertRows(
        selecting.sharedCopies().orElseThrow().select("user_id", "event_id", "event_name"),
        "[u1,e2,search]",
        "[u2,e2,search]");
    // the plain intake's rows of u1 hold the same, plus every other shared id (e4)
    assertRows(
        LakeIntake.of(Lake.EVENT, rows).usedRowsOf(u1).select("user_id", "event_id", "event_name"),
        "[u1,e1,app_open]",
        "[u1,e2,search]",
        "[u1,null,like]",
        "[u2,e2,search]",
        "[u3,e4,like]",
        "[u4,e4,like]");
  }

  @Test
  void aSelectingIntakeWhoseUsersShareNoIdHandsOutOnlyTheirRows(SparkSession spark) {
    Dataset<Row> rows =
        stored(
            spark,
            Lake.EVENT,
            new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
            new Object[] {"a2", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
            new Object[] {"a1", "u2", "e2", "search", ts("2024-03-01T09:00:00Z"), null});
    Dataset<Row> u1 = users(spark, new Object[] {"a1", "u1"});
    LakeIntake selecting = LakeIntake.selecting(Lake.EVENT, rows, u1);
    assertEquals(3, selecting.rowsUsed());
    assertRows(selecting.selectedRows().select("app_id", "user_id", "event_id"), "[a1,u1,e1]");
    assertTrue(selecting.sharedCopies().isEmpty());
  }

  @Test
  void givenTheOrderOfCopiesTheSelectingPassHandsOutTheFirstCopyOfEachEventIdOnly(
      SparkSession spark) {
    // u1's e1 twice (a retry: the earlier copy counts), and e9 in two apps (two events)
    Dataset<Row> rows =
        stored(
            spark,
            Lake.EVENT,
            new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:05Z"), "ios"},
            new Object[] {"a1", "u1", "e1", "app_open", ts("2024-03-01T10:00:00Z"), "ios"},
            new Object[] {"a1", "u1", "e9", "search", ts("2024-03-01T11:00:00Z"), null},
            new Object[] {"a2", "u1", "e9", "search", ts("2024-03-01T12:00:00Z"), null},
            new Object[] {"a1", "u1", null, "like", ts("2024-03-01T12:00:00Z"), null});
    Dataset<Row> u1 = users(spark, new Object[] {"a1", "u1"}, new Object[] {"a2", "u1"});
    LakeIntake selecting =
        LakeIntake.selecting(Lake.EVENT, rows, u1, io.optout.metrics.AppEvents.earliestCopy());
    assertEquals(5, selecting.rowsUsed());
    assertRows(
        selecting.selectedRows().select("app_id", "event_id", "event_time"),
        "[a1,e1,2024-03-01 10:00:00.0]",
        "[a1,e9,2024-03-01 11:00:00.0]",
        "[a1,null,2024-03-01 12:00:00.0]",
        "[a2,e9,2024-03-01 12:00:00.0]");
  }

  @Test
  void exactDuplicatesOfPushRowsAreCountedWithoutLosingDistinctRowsThatShareValues(
      SparkSession spark) {
    // rows differing in one column only, a null in different places, and one exact duplicate
    LakeIntake intake =
        LakeIntake.of(
            Lake.PUSH,
            stored(
                spark,
                Lake.PUSH,
                new Object[] {"a1", "u1", "m1", null, "delivered", ts("2024-03-01T00:00:00Z"), "x"},
                new Object[] {"a1", "u1", "m1", "x", "delivered", ts("2024-03-01T00:00:00Z"), null},
                new Object[] {"a1", "u1", "m1", "x", "delivered", ts("2024-03-01T00:00:00Z"), null},
                new Object[] {"a1", "u1", "m1", "x", "opened", ts("2024-03-01T00:00:00Z"), null}));
    assertEquals(4, intake.rowsRead());
    assertEquals(3, intake.rowsUsed());
    assertEquals(1, intake.rowsDuplicate());
    assertEquals(3, intake.used().count());
  }
}
