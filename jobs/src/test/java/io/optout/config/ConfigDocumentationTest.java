package io.optout.config;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * conf/application.conf documents {@link ConfigKeys} (every key with its default and meaning);
 * these tests keep them from drifting apart. docs/configuration.md is generated from the same
 * declarations and kept by {@code io.optout.docs.GeneratedDocsTest}.
 */
class ConfigDocumentationTest {
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
}
