package io.optout.docs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.optout.docs.ReferenceDocs.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/configuration.md and docs/tables.md hold a block generated from the declarations in the code
 * ({@link ReferenceDocs}); this test fails when a block differs from them, and rewrites the blocks
 * instead when run with {@code -Doptout.docs.regenerate=true} ({@link ReferenceDocs#COMMAND}).
 */
class GeneratedDocsTest {
  /** Tests run in the Maven module's folder; the repository is its parent. */
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  @BeforeAll
  static void regenerateWhenAsked() throws Exception {
    if (Boolean.getBoolean("optout.docs.regenerate")) {
      ReferenceDocs.regenerate(REPOSITORY);
    }
  }

  static Iterable<Page> pages() {
    return ReferenceDocs.pages();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void theGeneratedBlockIsWhatTheCodeDeclares(Page page) throws Exception {
    String text = Files.readString(REPOSITORY.resolve(page.path()));
    String block = ReferenceDocs.block(text);
    assertNotNull(
        block,
        page.path() + " needs the marker lines\n" + ReferenceDocs.BEGIN + "\n" + ReferenceDocs.END);
    if (!page.block().equals(block)) {
      fail(
          page.path()
              + " differs from "
              + page.declaredIn()
              + " ("
              + firstDifference(page.block(), block)
              + "); regenerate it from the repository root with\n  "
              + ReferenceDocs.COMMAND
              + "\nand commit the result");
    }
  }

  /** Where two texts first differ, by line, for a message a reader can act on. */
  private static String firstDifference(String expected, String found) {
    List<String> want = expected.lines().toList();
    List<String> got = found.lines().toList();
    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
      String w = i < want.size() ? want.get(i) : "(nothing)";
      String g = i < got.size() ? got.get(i) : "(nothing)";
      if (!w.equals(g)) {
        return "line "
            + (i + 1)
            + " of the generated block is\n  "
            + g
            + "\nbut the code gives\n  "
            + w;
      }
    }
    return "they differ in white space";
  }
}
