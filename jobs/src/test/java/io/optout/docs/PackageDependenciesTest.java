package io.optout.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md is the rule for which {@code io.optout} package may
 * import which: this test fails when the code imports a package its row does not list, when a
 * package has no row, or when a row names a package the code no longer has.
 */
class PackageDependenciesTest {
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
  private static final Path ARCHITECTURE = REPOSITORY.resolve("docs/architecture.md");

  /** The root package {@code io.optout} itself, as the table's first column names it. */
  private static final String ROOT = "io.optout";

  private static final String EVERY = "every package";

  /** A table row: | `package` | what it holds | imports |. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|.*\\| ([^|]+) \\|$");

  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.optout\\.([A-Za-z]+)", Pattern.MULTILINE);

  @Test
  void everyImportBetweenPackagesIsOneTheArchitecturePageAllows() throws IOException {
    Map<String, Set<String>> allowed = allowed();
    Map<String, Set<String>> actual = actual();
    assertFalse(actual.isEmpty(), "found the main sources");
    List<String> problems = new ArrayList<>();
    actual.forEach(
        (from, imports) -> {
          Set<String> may = allowed.get(from);
          if (may == null) {
            problems.add(from + ": no row in the package table");
            return;
          }
          if (may.contains(EVERY)) {
            return;
          }
          for (String to : imports) {
            if (!may.contains(to)) {
              problems.add(from + " imports " + to + ", which its row does not list");
            }
          }
        });
    for (String listed : allowed.keySet()) {
      if (!actual.containsKey(listed)) {
        problems.add(listed + ": a row for a package the code does not have");
      }
    }
    assertEquals(
        List.of(),
        problems,
        "docs/architecture.md, Packages: change the code or the table (the table is the rule)");
  }

  /** Package (root, or its first segment under io.optout) to what its row allows. */
  private static Map<String, Set<String>> allowed() throws IOException {
    Map<String, Set<String>> allowed = new TreeMap<>();
    for (String line : Files.readAllLines(ARCHITECTURE)) {
      Matcher row = ROW.matcher(line.strip());
      if (!row.matches()) {
        continue;
      }
      String name = row.group(1).equals(ROOT) ? "root" : row.group(1);
      String cell = row.group(2).strip();
      Set<String> may = new TreeSet<>();
      if (cell.equals(EVERY)) {
        may.add(EVERY);
      } else if (!cell.equals("nothing")) {
        for (String part : cell.split(",")) {
          may.add(part.strip().replace("`", ""));
        }
      }
      allowed.put(name, may);
    }
    return allowed;
  }

  /**
   * Package to the other io.optout packages its main sources import, in every module and every
   * source folder of it ({@code src/main/java}, and {@code src/main/spark-LINE/java} where a class
   * has a variant per Spark line).
   */
  private static Map<String, Set<String>> actual() throws IOException {
    Map<String, Set<String>> actual = new TreeMap<>();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(REPOSITORY, 1)) {
      List<Path> mains = walk.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList();
      List<Path> all = new ArrayList<>();
      for (Path main : mains) {
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
        }
      }
      sources = all;
    }
    for (Path source : sources) {
      String path = source.toString().replace('\\', '/');
      int at = path.indexOf("/io/optout/");
      if (at < 0) {
        continue;
      }
      String[] rest = path.substring(at + "/io/optout/".length()).split("/");
      String from = rest.length == 1 ? "root" : rest[0];
      Set<String> imports = actual.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher m = IMPORT.matcher(Files.readString(source));
      while (m.find()) {
        String segment = m.group(1);
        String to = Character.isUpperCase(segment.charAt(0)) ? "root" : segment;
        if (!to.equals(from)) {
          imports.add(to);
        }
      }
    }
    return actual;
  }
}
