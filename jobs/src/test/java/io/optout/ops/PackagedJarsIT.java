package io.optout.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.testing.JvmOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jars a user deploys or runs hold the product only: the benchmark and the reference plan it
 * checks the product against live in the benchmark module, and no jar of jobs may carry them. Run
 * by failsafe on the packaged jars, in every verify.
 */
class PackagedJarsIT {
  private static final String PREFIX =
      System.getProperty("optout.it.jar-prefix", "target/optout-jobs-0.1.0-SNAPSHOT");

  /** The benchmark's package, its commands, and the reference plan, wherever they might go. */
  private static final Pattern NOT_PRODUCT =
      Pattern.compile("io/optout/(bench/.*|.*/Bench[^/]*\\.class|.*ReferencePlan[^/]*\\.class)");

  @ParameterizedTest
  @ValueSource(strings = {"-cluster", "-databricks", "-all", ""})
  void holdsNoBenchmarkAndNoReferencePlan(String classifier) throws IOException {
    try (JarFile jar = open(classifier)) {
      List<String> notProduct =
          jar.stream()
              .map(JarEntry::getName)
              .filter(n -> NOT_PRODUCT.matcher(n).matches())
              .toList();

      assertEquals(List.of(), notProduct, jar.getName());
      assertNotNull(jar.getEntry("io/optout/cli/Main.class"), jar.getName());
      assertNotNull(jar.getEntry("io/optout/pipeline/OptimisedPlan.class"), jar.getName());
      assertNotNull(jar.getEntry("io/optout/generate/SampleLakeGenerator.class"), jar.getName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-cluster", "-databricks", "-all"})
  void manifestOpensTheModulesOfTheJvmOptionsFile(String classifier) throws IOException {
    // `java -jar` without options honours the manifest's list; everything else reads the file
    Set<String> fromFile =
        Set.copyOf(
            JvmOptions.all().stream()
                .filter(o -> o.startsWith("--add-opens="))
                .map(o -> o.substring("--add-opens=".length()).replace("=ALL-UNNAMED", ""))
                .toList());
    try (JarFile jar = open(classifier)) {
      String manifest = jar.getManifest().getMainAttributes().getValue("Add-Opens");
      assertNotNull(manifest, jar.getName());
      assertEquals(fromFile, Set.of(manifest.trim().split("\\s+")), jar.getName());
    }
  }

  @Test
  void failsafeRunsWithTheJvmOptionsFile() {
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(arguments.containsAll(JvmOptions.all()), arguments.toString());
  }

  private static JarFile open(String classifier) throws IOException {
    Path path = Path.of(PREFIX + classifier + ".jar");
    assertTrue(Files.isRegularFile(path), path + " missing: the build makes it in `package`");
    return new JarFile(path.toFile());
  }
}
