package io.optout.cli;

import io.optout.OptionErrors;
import io.optout.OptoutException;
import java.util.Collection;
import java.util.List;

/**
 * Every command-line usage error the user can see (exit code 2), one factory method per failure
 * kind, so options are always named the same way: {@code <option>: <what is wrong> (<what is
 * allowed>)}.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** The text picocli shows after "Invalid value for option '--x': ". */
  static String notADate(String text) {
    return OptionErrors.notADate(text);
  }

  static OptoutException negative(String option, long value) {
    return OptionErrors.negative(option, value);
  }

  static OptoutException unknownTable(String name, List<String> known) {
    return OptoutException.usage(
        "--tables: unknown table '" + name + "' (known: " + String.join(", ", known) + ")");
  }

  static OptoutException exclusive(String one, String other) {
    return OptoutException.usage("use either " + one + " or " + other + ", not both");
  }

  static OptoutException required(String what) {
    return OptoutException.usage("give " + what);
  }

  static final String MISSING_COMMAND = "missing command";

  /** The first word is not a command; {@code --help} after it does not make it one. */
  static String unknownCommand(String word, Collection<String> commands) {
    return "unknown command '" + word + "' (commands: " + String.join(", ", commands) + ")";
  }

  /** {@code export --version N} was renamed: the global {@code --version} prints the version. */
  static final String RENAMED_TABLE_VERSION =
      "export: --version N is now --table-version N (--version prints the program's version)";
}
