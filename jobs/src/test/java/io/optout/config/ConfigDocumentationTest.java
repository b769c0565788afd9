package io.optout.config;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table and conf/application.conf are documentation of {@link
 * ConfigKeys}; these tests keep them from drifting apart.
 */
class ConfigDocumentationTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String BEGIN =
      "<!-- config-keys: begin (generated from ConfigKeys; ConfigDocumentationTest checks it) -->";
  private static final String END = "<!-- config-keys: end -->";

  @Test
  void readmeTableIsTheDeclaredKeys() throws Exception {
    String readme = Files.readString(README);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "README.md needs the markers " + BEGIN + " and " + END);
    String table = readme.substring(begin + BEGIN.length(), end).strip();
    assertEquals(
        markdownTable(),
        table,
        "README.md configuration table (replace it with the expected text)");
  }

  @Test
  void applicationConfHoldsEveryKeyWithItsDefaultAndDescription() {
    Config file =
        ConfigFactory.parseResources(
            ConfigLoader.class.getClassLoader(), ConfigLoader.DEFAULTS_RESOURCE);
    assertFalse(file.isEmpty(), "conf/application.conf is bundled");
    List<String> problems = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      if (!file.hasPath(key.name())) {
        problems.add(key.name() + ": missing");
        continue;
      }
      ConfigValue value = file.getValue(key.name());
      if (!sameValue(key.defaultValue(), value.unwrapped())) {
        problems.add(
            key.name()
                + ": "
                + value.unwrapped()
                + " but the declared default is "
                + key.defaultValue());
      }
      String comment =
          value.origin().comments().stream().map(String::strip).collect(Collectors.joining(" "));
      if (!comment.equals(key.description())) {
        problems.add(
            key.name()
                + ": comment '"
                + comment
                + "' but the description is '"
                + key.description()
                + "'");
      }
    }
    for (Map.Entry<String, ConfigValue> entry : file.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ConfigKeys.SPARK_CONF.name() + ".")
          && ConfigKeys.byName(name).isEmpty()) {
        problems.add(name + ": not declared in ConfigKeys");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void declaredDefaultsLoadAndValidate() {
    assertDoesNotThrow(ConfigLoader::defaults);
    assertEquals(
        ConfigKeys.all().size(),
        ConfigKeys.all().stream().map(ConfigKey::name).distinct().count(),
        "names are unique");
  }

  /** HOCON numbers come back as Integer or Double: compare numbers by value. */
  private static boolean sameValue(Object declared, Object inFile) {
    if (declared instanceof Number a && inFile instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    if (declared instanceof List<?> a && inFile instanceof List<?> b) {
      return a.size() == b.size()
          && java.util.stream.IntStream.range(0, a.size())
              .allMatch(i -> sameValue(a.get(i), b.get(i)));
    }
    return declared.equals(inFile);
  }

  static String markdownTable() {
    StringBuilder table =
        new StringBuilder(
            "| key | type | default | allowed | environment | meaning |\n"
                + "|---|---|---|---|---|---|");
    for (ConfigKey<?> key : ConfigKeys.all()) {
      table
          .append("\n| `")
          .append(key.name())
          .append("` | ")
          .append(key.type())
          .append(" | ")
          .append(display(key.defaultValue()))
          .append(" | ")
          .append(key.allowed())
          .append(" | ")
          .append(key.environmentVariable().map(v -> "`" + v + "`").orElse(""))
          .append(" | ")
          .append(key.description())
          .append(" |");
    }
    return table.toString();
  }

  private static String display(Object value) {
    if (value instanceof Map<?, ?>) {
      return "see `conf/application.conf`";
    }
    if (value instanceof Double d && d == Math.rint(d)) {
      return "`" + d.longValue() + "`";
    }
    return "`" + value + "`";
  }
}
