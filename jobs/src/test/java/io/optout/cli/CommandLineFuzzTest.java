package io.optout.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Seeded random and mutated command lines and configuration files. Every case carries exactly one
 * error, found before any data is touched (no Spark): the CLI must exit 2 with one error line
 * naming the option, argument or key, and never print a stack trace.
 */
class CommandLineFuzzTest {
  private static final long SEED = 20261201L;
  private static final int ARGUMENT_CASES = 300;
  private static final int CONFIG_CASES = 150;

  /** A valid command line per command: the mutation makes it invalid, so it never runs. */
  private static final List<List<String>> VALID =
      List.of(
          List.of("run", "--date", "2024-03-10"),
          List.of("run", "--from", "2024-03-01", "--to", "2024-03-05", "--as-of", "2024-03-10"),
          List.of("export", "--period", "last-week", "--out", "/nonexistent/optout-fuzz"),
          List.of("inputs", "--date", "2024-03-10"),
          List.of("query", "SELECT 1"),
          List.of("maintain", "--vacuum-hours", "200"),
          List.of("register", "--print-only"),
          List.of("generate", "--users", "10", "--out", "/nonexistent/optout-fuzz"),
          List.of("runs", "--limit", "5"),
          List.of("demo", "--users", "10"));

  /** Options picocli converts itself (dates, numbers, enums), by command. */
  private static final Map<String, List<String>> TYPED =
      Map.of(
          "run", List.of("--date", "--from", "--to", "--as-of"),
          "export", List.of("--from", "--as-of", "--table-version"),
          "inputs", List.of("--date"),
          "query", List.of("--limit", "--format"),
          "maintain", List.of("--vacuum-hours"),
          "generate", List.of("--users", "--days", "--start", "--apps", "--seed"),
          "runs", List.of("--limit", "--format"),
          "demo", List.of("--users", "--days", "--seed"));

  /** Commands that read the configuration before anything else. */
  private static final List<List<String>> CONFIG_FIRST =
      List.of(
          List.of("run", "--date", "2024-03-10"), List.of("query", "SELECT 1"), List.of("runs"));

  /** Known keys with values that break them. */
  private static final Map<String, List<String>> BAD_VALUES =
      Map.ofEntries(
          Map.entry("optout.timezone", List.of("Mars/Olympus", "UTC+99", "")),
          Map.entry("optout.max-reject-ratio", List.of("2", "-0.1", "abc", "[1]")),
          Map.entry("optout.late-arrival-days", List.of("-1", "x", "99999999999")),
          Map.entry("optout.push.window-days", List.of("0", "abc", "-7")),
          Map.entry("optout.push.histogram-cap", List.of("0", "ten")),
          Map.entry("optout.push.received-event-types", List.of("[]", "[bogus]")),
          Map.entry("optout.attribution.window-days", List.of("abc", "-3")),
          Map.entry("optout.cohort.lookback-days", List.of("[0]", "[1, 1]", "[]", "x", "[367]")),
          Map.entry("optout.lakes.push.format", List.of("csv", "")),
          Map.entry("optout.lakes.consent.format", List.of("orc")));

  record Result(int code, String out, String err) {
    String firstErrorLine() {
      return err.lines().findFirst().orElse("");
    }
  }

  private static Result cli(List<String> args) {
    CommandLine cli = Main.commandLine();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cli.execute(args.toArray(String[]::new));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertRefused(List<String> args, String named) {
    Result result = cli(args);
    String context = "args " + args + "\nstderr:\n" + result.err();
    assertEquals(2, result.code(), context);
    assertTrue(result.firstErrorLine().startsWith("error: "), context);
    assertTrue(
        result.firstErrorLine().contains(named), "the error line names " + named + ": " + context);
    assertEquals(1, result.err().lines().filter(l -> l.startsWith("error")).count(), context);
    assertFalse(
        result.err().contains("\tat ")
            || result.err().contains("Caused by")
            || result.err().contains("Exception in"),
        "no stack trace: " + context);
  }

  private static String word(Random random) {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    StringBuilder word = new StringBuilder();
    for (int i = 0, n = 3 + random.nextInt(8); i < n; i++) {
      word.append(letters.charAt(random.nextInt(letters.length())));
    }
    return word.toString();
  }

  /** A non-blank argument that is not an option: letters, digits, punctuation, non-ASCII. */
  private static String garbage(Random random) {
    String alphabet = "abcXYZ019 _.:/\\'\"%$ä€日\u00a0";
    StringBuilder text = new StringBuilder(String.valueOf("xyz".charAt(random.nextInt(3))));
    for (int i = 0, n = random.nextInt(12); i < n; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** Values no date, number or enum option accepts. */
  private static String badTypedValue(Random random) {
    List<String> bad =
        List.of(
            "2024-02-30",
            "2024-13-01",
            "24-03-01",
            "tomorrow",
            "12x",
            "1e3",
            "0x10",
            "99999999999999999999",
            "½",
            "NaN",
            "--",
            "2024/03/01",
            "TABLE");
    return random.nextBoolean() ? bad.get(random.nextInt(bad.size())) : garbage(random) + "#";
  }

  @Test
  void randomAndMutatedArgumentsExitTwoWithOneLineNamingTheOption() {
    Random random = new Random(SEED);
    for (int i = 0; i < ARGUMENT_CASES; i++) {
      List<String> args = new ArrayList<>(VALID.get(random.nextInt(VALID.size())));
      String command = args.get(0);
      List<String> typed = TYPED.getOrDefault(command, List.of());
      switch (random.nextInt(typed.isEmpty() ? 4 : 6)) {
        case 0 -> { // an unknown option
          String option = "--" + word(random);
          args.add(option);
          assertRefused(args, option);
        }
        case 1 -> { // a stray argument
          String stray = garbage(random);
          args.add(stray);
          assertRefused(args, stray);
        }
        case 2 -> { // an unknown command
          String unknown = word(random);
          args.set(0, unknown);
          assertRefused(args, unknown);
        }
        case 3 -> { // -D without KEY=VALUE
          args.add("-D" + word(random));
          assertRefused(args, "-D");
        }
        case 4 -> { // a typed option with a value it cannot take
          String option = typed.get(random.nextInt(typed.size()));
          int at = args.indexOf(option);
          if (at >= 0) { // drop the option and its valid value
            args.remove(at + 1);
            args.remove(at);
          }
          args.add(option);
          args.add(badTypedValue(random));
          assertRefused(args, option);
        }
        default -> { // a typed option without its value
          String option = typed.get(random.nextInt(typed.size()));
          args.add(option);
          assertRefused(args, option);
        }
      }
    }
  }

  @Test
  void badKeysAndValuesInDashDAndConfigFilesExitTwoNamingTheKey(@TempDir Path dir)
      throws IOException {
    Random random = new Random(SEED + 1);
    String defaults = Files.readString(Path.of("..", "conf", "application.conf"));
    List<String> keys = new ArrayList<>(BAD_VALUES.keySet());
    keys.sort(null);
    for (int i = 0; i < CONFIG_CASES; i++) {
      List<String> args = new ArrayList<>(CONFIG_FIRST.get(random.nextInt(CONFIG_FIRST.size())));
      // should a case ever be valid, it finds no lake and no warehouse instead of the working
      // directory's
      args.add("-Doptout.warehouse=" + dir.resolve("no-warehouse"));
      for (String lake : List.of("consent", "push", "campaign", "event")) {
        args.add("-Doptout.lakes." + lake + ".path=" + dir.resolve("no-lake").resolve(lake));
      }
      String key = keys.get(random.nextInt(keys.size()));
      List<String> values = BAD_VALUES.get(key);
      String value = values.get(random.nextInt(values.size()));
      switch (random.nextInt(5)) {
        case 0 -> { // -D with a bad value
          args.add("-D" + key + "=" + value);
          assertRefused(args, key);
        }
        case 1 -> { // -D with a misspelt key
          String typo = misspelt(key, random);
          args.add("-D" + typo + "=1");
          assertRefused(args, typo);
        }
        case 2 -> { // a file with a bad value
          Path file = dir.resolve("bad-value-" + i + ".conf");
          Files.writeString(file, defaults + "\n" + key + " = " + hocon(value) + "\n");
          args.addAll(List.of("--config", file.toString()));
          assertRefused(args, key);
        }
        case 3 -> { // a file with a misspelt key inside a block
          String typo = misspelt(key, random);
          Path file = dir.resolve("typo-" + i + ".conf");
          Files.writeString(file, defaults + "\n" + typo + " = 1\n");
          args.addAll(List.of("--config", file.toString()));
          assertRefused(args, typo);
        }
        default -> { // a file that is not HOCON: a brace dropped or a stray token
          Path file = dir.resolve("broken-" + i + ".conf");
          Files.writeString(file, broken(defaults, random));
          args.addAll(List.of("--config", file.toString()));
          assertRefused(args, "--config " + file);
        }
      }
    }
    assertRefused(
        List.of("run", "--date", "2024-03-10", "--config", dir.resolve("missing.conf").toString()),
        "--config");
  }

  /** The key with one letter of its last part changed: never another known key. */
  private static String misspelt(String key, Random random) {
    int dot = key.lastIndexOf('.');
    String last = key.substring(dot + 1);
    int at = random.nextInt(last.length());
    String typo = last.substring(0, at) + "qz".charAt(random.nextInt(2)) + last.substring(at + 1);
    return key.substring(0, dot + 1) + typo;
  }

  private static String hocon(String value) {
    return value.startsWith("[") ? value : "\"" + value.replace("\"", "\\\"") + "\"";
  }

  /** The defaults with one closing brace dropped, or a token HOCON cannot parse. */
  private static String broken(String text, Random random) {
    if (random.nextBoolean()) {
      int brace = text.lastIndexOf('}');
      return text.substring(0, brace) + text.substring(brace + 1);
    }
    return text + "\noptout { push { window-days = = 3 } }\n";
  }
}
