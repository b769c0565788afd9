package io.optout.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Console;
import scala.runtime.BoxedUnit;

/**
 * The text of Spark's {@code Dataset.show}, as a string. Spark's public API only prints it (to
 * Scala's console stream, which is per thread), so the printing is caught here.
 */
public final class ShownRows {
  private ShownRows() {}

  /**
   * The first {@code rows} rows as show() lays them out; cells cut at {@code truncate} (0: not).
   */
  public static String text(Dataset<Row> frame, int rows, int truncate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Console.withOut(
        stream,
        () -> {
          frame.show(rows, truncate, false);
          return BoxedUnit.UNIT;
        });
    stream.flush();
    String shown = bytes.toString(StandardCharsets.UTF_8);
    // show() is println(the text): the text without the line end println added
    return shown.endsWith("\n") ? shown.substring(0, shown.length() - 1) : shown;
  }
}
