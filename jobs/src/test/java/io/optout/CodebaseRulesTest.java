package io.optout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the code base that a reviewer would otherwise check by hand (issue 12): the contract is
 * cited from the repository, class names say one thing each, the core column names live once.
 */
class CodebaseRulesTest {
  /** The Maven module's folder (tests run in it); the repository is its parent. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private static final Path MAIN = MODULE.resolve("src/main/java");

  private static List<Path> files(Path root, String suffix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  @Test
  void commentsCiteTheMetricsDocsInTheRepositoryNotTheSpecOutsideIt() throws IOException {
    Path repository = MODULE.getParent();
    Pattern outside = Pattern.compile("SPEC section|SPEC\\.md|shared/SPEC|SPEC §");
    List<String> hits = new ArrayList<>();
    for (String folder : List.of("jobs/src", "airflow", "notebooks", "bin", "conf")) {
      for (String suffix : List.of(".java", ".py", ".conf", ".ipynb", "optout")) {
        for (Path file : files(repository.resolve(folder), suffix)) {
          List<String> lines = Files.readAllLines(file);
          for (int i = 0; i < lines.size(); i++) {
            if (outside.matcher(lines.get(i)).find() && !file.endsWith("CodebaseRulesTest.java")) {
              hits.add(repository.relativize(file) + ":" + (i + 1));
            }
          }
        }
      }
    }
    assertEquals(List.of(), hits, "cite docs/metrics.md (the project's own contract) instead");
  }

  /** Spark's internal packages: no stability promise between releases. */
  private static final Pattern SPARK_INTERNAL_PACKAGE =
      Pattern.compile(
          "org\\.apache\\.spark\\.(sql\\.(catalyst|execution|internal|classic)|unsafe)\\b");

  /** Members Spark keeps internal (package-private in Scala, or handing out internal types). */
  private static final Pattern SPARK_INTERNAL_MEMBER =
      Pattern.compile(
          "\\.(sessionState|sharedState|queryExecution|expr|showString|ofRows"
              + "|internalCreateDataFrame|fromDataset)\\(");

  private static final String INTERNAL = "io/optout/spark/internal/";

  @Test
  void onlyTheInternalPackageTouchesSparksInternals() throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path root : mainRoots()) {
      for (Path file : files(root, ".java")) {
        String relative = root.relativize(file).toString();
        if (relative.startsWith(INTERNAL)) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (SPARK_INTERNAL_PACKAGE.matcher(line).find()
              || SPARK_INTERNAL_MEMBER.matcher(line).find()) {
            hits.add(MODULE.relativize(file) + ":" + (i + 1) + ": " + line.trim());
          }
        }
      }
    }
    assertEquals(List.of(), hits, "only io.optout.spark.internal may use Spark's internal API");
  }

  @Test
  void theSparkLineFoldersHoldOnlyTheInternalPackageAndTheSameClasses() throws IOException {
    Map<String, List<String>> classesByLine = new TreeMap<>();
    for (String line : List.of("spark-3.5", "spark-4")) {
      Path root = MODULE.resolve("src/main/" + line + "/java");
      List<String> classes = new ArrayList<>();
      for (Path file : files(root, ".java")) {
        String relative = root.relativize(file).toString();
        assertTrue(relative.startsWith(INTERNAL), line + " holds " + relative);
        classes.add(relative);
      }
      classesByLine.put(line, classes);
    }
    assertEquals(classesByLine.get("spark-3.5"), classesByLine.get("spark-4"));
  }

  private static List<Path> mainRoots() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(MAIN));
    try (Stream<Path> lines = Files.list(MODULE.resolve("src/main"))) {
      lines
          .filter(p -> p.getFileName().toString().startsWith("spark-"))
          .forEach(p -> roots.add(p.resolve("java")));
    }
    return roots;
  }

  @Test
  void noTwoMainClassesShareASimpleName() throws IOException {
    Map<String, List<String>> byName = new TreeMap<>();
    for (Path file : files(MAIN, ".java")) {
      if (file.endsWith("package-info.java")) {
        continue;
      }
      byName
          .computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>())
          .add(MAIN.relativize(file).toString());
    }
    byName.values().removeIf(paths -> paths.size() < 2);
    assertEquals(Map.of(), byName);
  }

  @Test
  void theCoreColumnNamesAreSpelledOnlyInColumns() throws IOException {
    Pattern literal =
        Pattern.compile(
            "\"(app_id|user_id|event_time|opt_out_date|opt_out_time|external_id|device_id)\"");
    List<String> hits = new ArrayList<>();
    for (Path file : files(MAIN, ".java")) {
      if (file.endsWith("schema/Columns.java")) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = literal.matcher(lines.get(i));
        if (m.find()) {
          hits.add(MAIN.relativize(file) + ":" + (i + 1) + " " + m.group());
        }
      }
    }
    assertEquals(List.of(), hits, "use the constants of schema.Columns");
  }
}
