package io.optout.export;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RFC 4180 CSV, UTF-8 without BOM, CRLF line ends. A field is quoted when it holds a comma, a
 * quote, CR or LF, leading or trailing white space, or is the empty string; quotes inside are
 * doubled. A null is an empty unquoted field, so null and "" stay distinguishable. Written by hand
 * so every byte is under our control and the same rows always give the same file.
 */
public final class CsvWriter implements Closeable {
  static final String LINE_END = "\r\n";

  private final Writer out;

  CsvWriter(OutputStream stream) {
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  void writeRecord(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write(LINE_END);
  }

  /** One RFC 4180 field: quoted when needed, null as an empty unquoted field. */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    if (!needsQuotes(value)) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) {
      return true;
    }
    if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == ',' || ch == '"' || ch == '\r' || ch == '\n') {
        return true;
      }
    }
    return false;
  }

  /** Text of one cell: instants as ISO-8601 UTC (2024-03-01T10:00:00Z), null stays null. */
  public static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp ts) {
      return DateTimeFormatter.ISO_INSTANT.format(ts.toInstant());
    }
    if (value instanceof Instant instant) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    return value.toString();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
