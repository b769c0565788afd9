package io.optout.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.optout.schema.tables.FactsTable;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** One location per table, however the warehouse is written. */
class TableLocationsTest {
  private static final TableSpec FACTS = FactsTable.SPEC;

  @Test
  void fileUrisWithOrWithoutAuthoritySlashesNameOneTable() {
    String expected = "file:/data/warehouse/" + FACTS.name();
    assertEquals(expected, FACTS.location("file:/data/warehouse"));
    assertEquals(expected, FACTS.location("file:///data/warehouse"));
    assertEquals(expected, FACTS.location("file:///data/warehouse/"));
  }

  @Test
  void aPlainLocalPathIsQualifiedToTheSameLocation() throws Exception {
    Configuration local = new Configuration(false);
    local.set("fs.defaultFS", "file:///");
    String root = TableLocations.qualified(local, "/data/warehouse/");
    assertEquals(FACTS.location("file:///data/warehouse"), FACTS.location(root));
    assertEquals(root, TableLocations.qualified(local, "file:///data/warehouse"));
  }

  @Test
  void otherUrisAreKeptAsTheyAre() {
    assertEquals(
        "s3a://bucket/warehouse/" + FACTS.name(), FACTS.location("s3a://bucket/warehouse/"));
    assertEquals("s3a://bucket/warehouse", TableLocations.uri("s3a://bucket/warehouse"));
  }

  @Test
  void catalogsGetOneFileUriForEveryLocalForm() {
    String abs = Path.of("rel/warehouse").toAbsolutePath().toString();
    String expected = "file://" + abs;
    assertEquals(expected, TableLocations.uri("rel/warehouse"));
    assertEquals(expected, TableLocations.uri("file:" + abs));
    assertEquals(expected, TableLocations.uri("file://" + abs + "/"));
  }
}
