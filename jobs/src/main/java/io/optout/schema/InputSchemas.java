package io.optout.schema;

import static io.optout.schema.InputColumns.APP_ID;
import static io.optout.schema.InputColumns.Campaign;
import static io.optout.schema.InputColumns.Consent;
import static io.optout.schema.InputColumns.EVENT_TIME;
import static io.optout.schema.InputColumns.Event;
import static io.optout.schema.InputColumns.PLATFORM;
import static io.optout.schema.InputColumns.Push;
import static io.optout.schema.InputColumns.USER_ID;

import io.optout.config.Lake;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The contract of each input lake: its columns, their types, and which are required. */
public final class InputSchemas {
  private InputSchemas() {}

  /** One column of an input lake. */
  public record InputColumn(String name, DataType type, boolean required) {}

  private static InputColumn required(String name, DataType type) {
    return new InputColumn(name, type, true);
  }

  private static InputColumn optional(String name, DataType type) {
    return new InputColumn(name, type, false);
  }

  private static final DataType S = DataTypes.StringType;
  private static final DataType TS = DataTypes.TimestampType;

  public static List<InputColumn> columns(Lake lake) {
    return switch (lake) {
      case CONSENT ->
          List.of(
              required(APP_ID, S),
              required(USER_ID, S),
              optional(Consent.EXTERNAL_ID, S),
              optional(Consent.DEVICE_ID, S),
              required(Consent.CHANNEL, S),
              required(Consent.STATUS, S),
              required(EVENT_TIME, TS),
              optional(Consent.SOURCE, S),
              optional(PLATFORM, S));
      case PUSH ->
          List.of(
              required(APP_ID, S),
              required(USER_ID, S),
              required(Push.MESSAGE_ID, S),
              optional(Push.CAMPAIGN_ID, S),
              required(Push.EVENT_TYPE, S),
              required(EVENT_TIME, TS),
              optional(PLATFORM, S));
      case CAMPAIGN ->
          List.of(
              required(APP_ID, S),
              required(Campaign.CAMPAIGN_ID, S),
              optional(Campaign.NAME, S),
              optional(Campaign.TYPE, S),
              optional(Campaign.CHANNEL, S),
              optional(Campaign.CREATED_AT, TS),
              required(Campaign.UPDATED_AT, TS));
      case EVENT ->
          List.of(
              required(APP_ID, S),
              required(USER_ID, S),
              optional(Event.EVENT_ID, S),
              required(Event.EVENT_NAME, S),
              required(EVENT_TIME, TS),
              optional(PLATFORM, S));
    };
  }

  /**
   * Spark schema of a lake's contract columns (the {@code dt} partition column is not part of it).
   */
  public static StructType schema(Lake lake) {
    return new StructType(
        columns(lake).stream()
            .map(
                c ->
                    new StructField(
                        c.name(), c.type(), true, org.apache.spark.sql.types.Metadata.empty()))
            .toArray(StructField[]::new));
  }
}
