package io.optout.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.testing.JvmOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/jvm.options is the one list of the launcher's JVM options: bin/optout, the test suites
 * (argLine in the poms) and the benchmark's child JVMs all take theirs from it, so an option
 * dropped from or added to the file changes all three, and no copy is left to drift.
 */
class JvmOptionsFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String DROPPED = "-XX:Tier4CompileThreshold=450000";
  private static final String ADDED = "-Dprobe.option=1";

  @Test
  void theFileHoldsTheCollectorTheCompilerThresholdsAndTheModuleOpens() {
    List<String> options = JvmOptions.all();

    assertTrue(options.contains("-XX:+UseParallelGC"), options.toString());
    assertTrue(options.contains(DROPPED), options.toString());
    assertTrue(
        options.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), options.toString());
    assertEquals(JvmOptions.file().toAbsolutePath().normalize(), ROOT.resolve("conf/jvm.options"));
  }

  @Test
  void theBenchmarksChildrenStartWithTheFilesOptions(@TempDir Path dir) throws IOException {
    List<String> command = new ChildJvm("1g", dir).command(List.of("run"));
    assertEquals(
        JvmOptions.all(),
        command.subList(2, 2 + JvmOptions.all().size()),
        "after java and the heap: " + command);

    Path edited = editedCopy(dir);
    List<String> fromEdited =
        new ChildJvm("1g", dir, JvmOptionsFile.read(edited)).command(List.of());
    assertTrue(fromEdited.contains(ADDED), fromEdited.toString());
    assertFalse(fromEdited.contains(DROPPED), fromEdited.toString());
    assertEquals(JvmOptions.read(edited), JvmOptionsFile.read(edited));
  }

  @Test
  void theTestSuitesRunWithTheFilesOptionsAndThePomsHoldNoCopy() throws IOException {
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(arguments.containsAll(JvmOptions.all()), arguments.toString());
    for (String pom : List.of("pom.xml", "jobs/pom.xml", "benchmark/pom.xml")) {
      String text = Files.readString(ROOT.resolve(pom));
      assertFalse(text.contains("Tier4"), pom + " repeats a compiler option of conf/jvm.options");
      assertFalse(text.contains("--add-opens"), pom + " repeats a module open of conf/jvm.options");
    }
  }

  @Test
  void theLauncherPassesTheFilesOptionsForTheProductAndTheBenchmark(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path root = launcherCheckout(dir);
    Files.copy(editedCopy(dir), root.resolve("conf/jvm.options"));

    for (String command : List.of("run", "report", "bench")) {
      List<String> java = launch(root, dir, Map.of(), command);
      assertTrue(java.contains(ADDED), command + ": " + java);
      assertFalse(java.contains(DROPPED), command + ": " + java);
      assertTrue(java.contains("-XX:+UseParallelGC"), command + ": " + java);
      assertTrue(
          java.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), command + ": " + java);
    }
    assertTrue(launch(root, dir, Map.of(), "bench").contains(ChildJvm.BENCH_MAIN));
    assertTrue(launch(root, dir, Map.of(), "run").contains("-jar"));

    // JAVA_OPTS replaces the -XX: options; the module opens stay
    List<String> own = launch(root, dir, Map.of("JAVA_OPTS", "-Xmx8g -XX:+UseSerialGC"), "run");
    assertFalse(own.contains("-XX:+UseParallelGC"), own.toString());
    assertTrue(own.containsAll(List.of("-Xmx8g", "-XX:+UseSerialGC", ADDED)), own.toString());
    assertTrue(own.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), own.toString());
  }

  /** conf/jvm.options with one compiler option left out and a system property added. */
  private static Path editedCopy(Path dir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(ROOT.resolve("conf/jvm.options")));
    assertTrue(lines.remove(DROPPED), "conf/jvm.options has a line " + DROPPED);
    lines.add(ADDED + "  # added by the test");
    Path edited = dir.resolve("edited.options");
    Files.write(edited, lines);
    return edited;
  }

  /**
   * bin/optout in a folder of its own, with built jars (empty, newer than everything, so it builds
   * nothing) and a {@code java} that prints its arguments.
   */
  private static Path launcherCheckout(Path dir) throws IOException {
    Path root = dir.resolve("checkout");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("conf"));
    Files.copy(ROOT.resolve("bin/optout"), root.resolve("bin/optout"));
    FileTime later = FileTime.from(Instant.now().plusSeconds(3600));
    for (String jar :
        List.of("jobs/target/optout-jobs-1-all.jar", "benchmark/target/optout-benchmark-1.jar")) {
      Path file = root.resolve(jar);
      Files.createDirectories(file.getParent());
      Files.createFile(file);
      Files.setLastModifiedTime(file, later);
    }
    Path java = dir.resolve("fake-java/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }

  /** The arguments bin/optout passes to java for {@code command}. */
  private static List<String> launch(
      Path root, Path dir, Map<String, String> environment, String command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("bin/optout").toString(), command)
            .redirectErrorStream(true);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(environment);
    builder
        .environment()
        .put("PATH", dir.resolve("fake-java") + ":" + System.getenv().getOrDefault("PATH", ""));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    List<String> arguments = new ArrayList<>(out.lines().toList());
    return Collections.unmodifiableList(arguments);
  }
}
