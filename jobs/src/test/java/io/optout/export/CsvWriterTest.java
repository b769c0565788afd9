package io.optout.export;

import static org.junit.jupiter.api.Assertions.*;

import io.optout.testing.DataFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

  @Test
  void quotesOnlyWhatRfc4180Needs() {
    assertEquals("plain", CsvWriter.field("plain"));
    assertEquals("\"a,b\"", CsvWriter.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvWriter.field("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvWriter.field("two\nlines"));
    assertEquals("\"cr\rhere\"", CsvWriter.field("cr\rhere"));
    assertEquals("\" padded \"", CsvWriter.field(" padded "));
    assertEquals("=1+2", CsvWriter.field("=1+2"));
    assertEquals("\"\"", CsvWriter.field(""), "empty string stays distinguishable from null");
    assertEquals("", CsvWriter.field(null));
  }

  @Test
  void recordsEndWithCrlfInUtf8() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CsvWriter csv = new CsvWriter(bytes)) {
      csv.writeRecord(Arrays.asList("id", "name"));
      csv.writeRecord(Arrays.asList("Zoë", null));
    }
    byte[] expected = "id,name\r\nZoë,\r\n".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(expected, bytes.toByteArray());
    assertEquals('i', bytes.toByteArray()[0], "no byte-order mark before the header");
  }

  @Test
  void instantsAreIsoUtc() {
    assertEquals("2024-03-01T10:00:00Z", CsvWriter.text(DataFrames.ts("2024-03-01T10:00:00Z")));
    assertEquals(
        "2024-03-01T10:00:00.250Z", CsvWriter.text(DataFrames.ts("2024-03-01T10:00:00.25Z")));
    assertNull(CsvWriter.text(null));
    assertEquals("true", CsvWriter.text(true));
  }
}
