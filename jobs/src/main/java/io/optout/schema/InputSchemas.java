package io.optout.schema;

import static io.optout.schema.Columns.APP_ID;
import static io.optout.schema.Columns.CAMPAIGN_ID;
import static io.optout.schema.Columns.CHANNEL;
import static io.optout.schema.Columns.CREATED_AT;
import static io.optout.schema.Columns.DEVICE_ID;
import static io.optout.schema.Columns.EVENT_ID;
import static io.optout.schema.Columns.EVENT_NAME;
import static io.optout.schema.Columns.EVENT_TIME;
import static io.optout.schema.Columns.EVENT_TYPE;
import static io.optout.schema.Columns.EXTERNAL_ID;
import static io.optout.schema.Columns.MESSAGE_ID;
import static io.optout.schema.Columns.NAME;
import static io.optout.schema.Columns.PLATFORM;
import static io.optout.schema.Columns.SOURCE;
import static io.optout.schema.Columns.STATUS;
import static io.optout.schema.Columns.TYPE;
import static io.optout.schema.Columns.UPDATED_AT;
import static io.optout.schema.Columns.USER_ID;

import io.optout.config.Lake;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
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
          eventLake(
              List.of(
                  optional(EXTERNAL_ID, S),
                  optional(DEVICE_ID, S),
                  required(CHANNEL, S),
                  required(STATUS, S)),
              List.of(optional(SOURCE, S)));
      case PUSH ->
          eventLake(
              List.of(required(MESSAGE_ID, S), optional(CAMPAIGN_ID, S), required(EVENT_TYPE, S)),
              List.of());
      case CAMPAIGN ->
          List.of(
              required(APP_ID, S),
              required(CAMPAIGN_ID, S),
              optional(NAME, S),
              optional(TYPE, S),
              optional(CHANNEL, S),
              optional(CREATED_AT, TS),
              required(UPDATED_AT, TS));
      case EVENT -> eventLake(List.of(optional(EVENT_ID, S), required(EVENT_NAME, S)), List.of());
    };
  }

  /**
   * The columns of a lake partitioned by the date of its events (consent, push, event): app_id and
   * user_id, the lake's own columns, event_time, the lake's own columns after it, then platform.
   */
  private static List<InputColumn> eventLake(List<InputColumn> own, List<InputColumn> afterTime) {
    List<InputColumn> columns = new ArrayList<>();
    columns.add(required(APP_ID, S));
    columns.add(required(USER_ID, S));
    columns.addAll(own);
    columns.add(required(EVENT_TIME, TS));
    columns.addAll(afterTime);
    columns.add(optional(PLATFORM, S));
    return List.copyOf(columns);
  }

  /**
   * Spark schema of a lake's contract columns (the {@code dt} partition column is not part of it).
   */
  public static StructType schema(Lake lake) {
    return new StructType(
        columns(lake).stream()
            .map(c -> new StructField(c.name(), c.type(), true, Metadata.empty()))
            .toArray(StructField[]::new));
  }
}
