package io.optout.docs;

import io.optout.config.ConfigKey;
import io.optout.config.ConfigKeys;
import io.optout.schema.TableSpec;
import io.optout.schema.TableSpec.ColumnSpec;
import io.optout.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The generated parts of the reference pages: docs/configuration.md from {@link ConfigKeys} and
 * docs/tables.md from {@link Tables}. Each page keeps hand-written text around one generated block
 * between {@link #BEGIN} and {@link #END}; {@link #regenerate} rewrites the blocks and {@code
 * GeneratedDocsTest} fails when a block differs from what the code declares. Test scope on purpose:
 * this writes into the source tree, the shipped jar has no use for it.
 */
public final class ReferenceDocs {
  /** The command that rewrites the generated blocks, run from the repository root. */
  public static final String COMMAND =
      "./mvnw -B -q -pl jobs test -Dtest=GeneratedDocsTest -Doptout.docs.regenerate=true";

  static final String BEGIN =
      "<!-- BEGIN GENERATED (do not edit by hand; regenerate: " + COMMAND + ") -->";
  static final String END = "<!-- END GENERATED -->";

  /** A page and the generated text its block holds. */
  public record Page(String path, String declaredIn, String block) {
    @Override
    public String toString() {
      return path;
    }
  }

  private ReferenceDocs() {}

  /** Every generated page, paths relative to the repository root. */
  public static List<Page> pages() {
    return List.of(
        new Page("docs/configuration.md", "io.optout.config.ConfigKeys", configuration()),
        new Page("docs/tables.md", "io.optout.schema.Tables", tables()));
  }

  /** Rewrites the generated block of every page under {@code repository}. */
  public static void regenerate(Path repository) throws IOException {
    for (Page page : pages()) {
      Path file = repository.resolve(page.path());
      Files.writeString(file, withBlock(Files.readString(file), page));
    }
  }

  /** The text between the markers of {@code text}, stripped; null when a marker is missing. */
  static String block(String text) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      return null;
    }
    return text.substring(begin + BEGIN.length(), end).strip();
  }

  private static String withBlock(String text, Page page) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          page.path() + " needs the two marker lines:\n" + BEGIN + "\n" + END);
    }
    return text.substring(0, begin + BEGIN.length())
        + "\n"
        + page.block()
        + "\n"
        + text.substring(end);
  }

  // ---- docs/configuration.md ----

  static String configuration() {
    StringBuilder out =
        new StringBuilder(
            "| key | type | default | allowed | environment | meaning |\n"
                + "|---|---|---|---|---|---|");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      out.append("\n| `")
          .append(key.name())
          .append("` | ")
          .append(key.type())
          .append(" | ")
          .append(display(key.defaultValue()))
          .append(" | ")
          .append(cell(key.allowed()))
          .append(" | ")
          .append(key.environmentVariable().map(v -> "`" + v + "`").orElse(""))
          .append(" | ")
          .append(cell(key.description()))
          .append(" |");
    }
    out.append("\n\nDefault Spark settings of `")
        .append(ConfigKeys.SPARK_CONF.name())
        .append("`. An entry under `")
        .append(ConfigKeys.SPARK_CONF.name())
        .append("` in a `--config` file (quoted, as in `conf/cluster-s3.conf`) adds a setting or")
        .append(" replaces one of these; the others stay.\n\n")
        .append("| Spark setting | default |\n|---|---|");
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) ConfigKeys.SPARK_CONF.defaultValue()).entrySet()) {
      out.append("\n| `")
          .append(entry.getKey())
          .append("` | `")
          .append(entry.getValue())
          .append("` |");
    }
    return out.toString();
  }

  private static String display(Object value) {
    if (value instanceof Map<?, ?>) {
      return "see below";
    }
    if (value instanceof Double d && d == Math.rint(d)) {
      return "`" + d.longValue() + "`";
    }
    return "`" + value + "`";
  }

  // ---- docs/tables.md ----

  static String tables() {
    StringBuilder out =
        new StringBuilder(
            Tables.all().size()
                + " tables, in the order of `io.optout.schema.Tables.all()`.\n\n"
                + "| table | partitioned by | columns |\n|---|---|---|");
    for (TableSpec table : Tables.all()) {
      out.append("\n| [")
          .append(table.name())
          .append("](#")
          .append(table.name())
          .append(") | ")
          .append(partition(table))
          .append(" | ")
          .append(table.columns().size())
          .append(" |");
    }
    for (TableSpec table : Tables.all()) {
      out.append("\n\n## ")
          .append(table.name())
          .append("\n\n")
          .append(table.comment())
          .append("\n\nPartitioned by ")
          .append(partition(table))
          .append(".\n\n| column | type | comment |\n|---|---|---|");
      for (ColumnSpec column : table.columns()) {
        out.append("\n| `")
            .append(column.name())
            .append("` | ")
            .append(cell(column.type().simpleString()))
            .append(" | ")
            .append(cell(column.comment()))
            .append(" |");
      }
    }
    return out.toString();
  }

  private static String partition(TableSpec table) {
    return table.partitionColumn() == null ? "nothing" : "`" + table.partitionColumn() + "`";
  }

  /** Text safe inside a Markdown table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
