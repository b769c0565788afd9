package io.optout.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation the way issue 27 left it: a README a newcomer reads in minutes, links
 * that lead somewhere, and current facts named by version or date, never by an internal milestone
 * label. The documents are README.md, CHANGELOG.md and every docs/*.md.
 */
class DocsTest {
  /** Tests run in the Maven module's folder; the repository is its parent. */
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  static final int README_MAX_LINES = 200;

  /** An inline link or image: {@code [text](target)} or {@code ![alt](target "title")}. */
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?[^)]*\\)");

  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  /** Internal milestone labels ("stop 17", "stops 13") mean nothing to a reader. */
  static final Pattern MILESTONE = Pattern.compile("(?i)\\bstops? \\d+\\b");

  @Test
  void theReadmeIsAtMost200Lines() throws IOException {
    long lines = Files.readAllLines(REPOSITORY.resolve("README.md")).size();
    assertTrue(
        lines <= README_MAX_LINES,
        "README.md has "
            + lines
            + " lines, at most "
            + README_MAX_LINES
            + ": move the detail into a page under docs/ and link it");
  }

  @Test
  void everyRelativeLinkPointsToAFileAndItsAnchor() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path document : documents()) {
      List<String> lines = prose(Files.readAllLines(document));
      for (int i = 0; i < lines.size(); i++) {
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String target = link.group(1);
          if (SCHEME.matcher(target).find()) {
            continue; // http:, https:, mailto: are not checked here (no network in the suite)
          }
          String problem = problem(document, target, anchors);
          if (problem != null) {
            broken.add(where(document, i) + ": (" + target + ") " + problem);
          }
        }
      }
    }
    assertEquals(List.of(), broken, "relative links that point nowhere");
  }

  @Test
  void noDocumentCitesAMilestoneLabel() throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path document : documents()) {
      List<String> lines = Files.readAllLines(document);
      for (int i = 0; i < lines.size(); i++) {
        Matcher label = MILESTONE.matcher(lines.get(i));
        if (label.find()) {
          hits.add(where(document, i) + ": '" + label.group() + "'");
        }
      }
    }
    assertEquals(
        List.of(),
        hits,
        "cite a version (CHANGELOG.md) or a date instead of an internal milestone label");
  }

  /** A test class, optionally with a method: {@code CrashSafetyTest.killedWhileReading}. */
  private static final Pattern TEST_NAME =
      Pattern.compile("\\b([A-Z][a-z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?\\b");

  @Test
  void everyTestADocumentCitesExists() throws IOException {
    Map<String, Path> tests = new HashMap<>();
    try (Stream<Path> modules = Files.list(REPOSITORY)) {
      for (Path root :
          modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> p.toString().endsWith(".java"))
              .forEach(p -> tests.put(p.getFileName().toString().replace(".java", ""), p));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (Path document : documents()) {
      List<String> lines = outsideFences(Files.readAllLines(document));
      for (int i = 0; i < lines.size(); i++) {
        Matcher name = TEST_NAME.matcher(lines.get(i));
        while (name.find()) {
          Path source = tests.get(name.group(1));
          if (source == null) {
            missing.add(where(document, i) + ": no test class " + name.group(1));
          } else if (name.group(2) != null
              && !Files.readString(source).contains(" " + name.group(2) + "(")) {
            missing.add(where(document, i) + ": no method " + name.group());
          }
        }
      }
    }
    assertEquals(List.of(), missing, "documents cite tests that do not exist");
  }

  /** "README, Reliability", "README \"Bad input\"", "README.md, section Scheduling". */
  private static final Pattern README_SECTION =
      Pattern.compile("\\bREADME(?:\\.md)?(?:,\\s*(?:section\\s+)?|\\s+\")\"?[A-Z]");

  @Test
  void sourcesCiteDocsPagesNotReadmeSections() throws IOException {
    List<String> hits = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("jobs/src", "benchmark/src", "airflow", "bin", "conf", ".ci")) {
      Path root = REPOSITORY.resolve(folder);
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    try (Stream<Path> poms = Files.walk(REPOSITORY, 2)) {
      poms.filter(p -> p.getFileName().toString().equals("pom.xml")).forEach(files::add);
    }
    for (Path file : files) {
      if (file.endsWith("DocsTest.java") || !isText(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (README_SECTION.matcher(lines.get(i)).find()) {
          hits.add(where(file, i));
        }
      }
    }
    assertEquals(
        List.of(),
        hits,
        "the README is a short introduction: cite the page under docs/ that holds the topic");
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".java")
        || name.endsWith(".py")
        || name.endsWith(".xml")
        || name.endsWith(".conf")
        || name.endsWith(".options")
        || !name.contains(".");
  }

  @Test
  void deployingOnYarnIsTwoClicksFromTheReadme() throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    assertTrue(readme.contains("(docs/operations.md"), "README.md links to docs/operations.md");
    Set<String> operations = anchors(REPOSITORY.resolve("docs/operations.md"));
    assertTrue(
        operations.stream().anyMatch(a -> a.contains("yarn")),
        "docs/operations.md has a heading on YARN; its headings: " + operations);
  }

  /**
   * Why {@code target}, linked from {@code document}, leads nowhere; null when it leads somewhere.
   */
  private static String problem(Path document, String target, Map<Path, Set<String>> anchors)
      throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
    if (!file.startsWith(REPOSITORY)) {
      return "leaves the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor == null || anchor.isEmpty() || !file.toString().endsWith(".md")) {
      return null;
    }
    Set<String> known = anchors.computeIfAbsent(file, DocsTest::anchorsUnchecked);
    return known.contains(anchor) ? null : "no heading with anchor #" + anchor;
  }

  private static Set<String> anchorsUnchecked(Path file) {
    try {
      return anchors(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The anchors a code host gives the headings of {@code file}, plus explicit HTML ids. */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : outsideFences(Files.readAllLines(file))) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(1));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
      Matcher id = HTML_ID.matcher(line);
      while (id.find()) {
        anchors.add(id.group(1));
      }
    }
    return anchors;
  }

  /**
   * GitHub's anchor for a heading: the text as rendered (link targets and code marks dropped),
   * lower case, punctuation other than hyphens and underscores removed, each space a hyphen.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    StringBuilder slug = new StringBuilder();
    text.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
              } else if (c == ' ') {
                slug.append('-');
              }
            });
    return slug.toString();
  }

  /** The lines with fenced code blocks and inline code blanked (a link there is an example). */
  private static List<String> prose(List<String> lines) {
    return outsideFences(lines).stream().map(l -> l.replaceAll("`[^`]*`", "``")).toList();
  }

  /** The lines with fenced code blocks blanked, so that line numbers stay. */
  private static List<String> outsideFences(List<String> lines) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        out.add("");
      } else {
        out.add(fenced ? "" : line);
      }
    }
    return out;
  }

  /** README.md, CHANGELOG.md (when present) and docs/*.md. */
  static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(REPOSITORY.resolve("README.md"));
    Path changelog = REPOSITORY.resolve("CHANGELOG.md");
    if (Files.exists(changelog)) {
      documents.add(changelog);
    }
    try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  private static String where(Path document, int line) {
    return REPOSITORY.relativize(document) + ":" + (line + 1);
  }
}
