package io.optout.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.optout.schema.tables.ConsentStateTable;
import io.optout.schema.tables.FactsTable;
import io.optout.schema.tables.OptedOutUsersTable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code _manifest.json}: what the export holds and how it was made, enough to reproduce it (the
 * facts version goes back into --table-version). Keys are written in a fixed order.
 */
record ExportManifest(
    ExportRequest request,
    String dataFile,
    ZoneId timezone,
    long rowCount,
    TableVersion factsVersion,
    TableVersion consentStateVersion,
    Instant createdAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("export", OptedOutUsersTable.NAME);
    root.put("format", request.format().extension());
    root.put("file", dataFile);
    root.put("period", request.period().name());
    ObjectNode range = root.putObject("range");
    range.put("from", request.period().from().toString());
    range.put("to", request.period().to().toString());
    root.put("as_of", request.period().asOf().toString());
    root.put("timezone", timezone.getId());
    ObjectNode filters = root.putObject("filters");
    filters.put("app", request.filters().app().orElse(null));
    filters.put("channel", request.filters().channel().orElse(null));
    root.put("row_count", rowCount);
    ArrayNode columns = root.putArray("columns");
    OptedOutUsersTable.SPEC.columnNames().forEach(columns::add);
    ObjectNode versions = root.putObject("delta_versions");
    versions.put(FactsTable.NAME, factsVersion.version());
    versions.put(ConsentStateTable.NAME, consentStateVersion.version());
    root.put("created_at", createdAt.toString());
    ArrayNode command = root.putArray("command_line");
    request.commandLine().forEach(command::add);
    return root;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(JSON.writeValueAsBytes(toJson()));
    out.write('\n');
  }
}
