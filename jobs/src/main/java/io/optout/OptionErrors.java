package io.optout;

import java.time.LocalDate;
import java.util.List;

/**
 * Every user-facing error about an option's value (exit code 2), one factory method per failure
 * kind, shared by the command line and the jobs that check their requests: {@code <option>: <what
 * is wrong> (<what is allowed>)}. The command line's own parsing errors are in {@code
 * cli.UsageErrors}, built on these.
 */
public final class OptionErrors {
  /** How a date option is written; also the hint of every bad date. */
  public static final String DATE_FORMAT = "YYYY-MM-DD";

  private OptionErrors() {}

  /** The text after the option name of every bad date, also shown by picocli's conversions. */
  public static String notADate(String text) {
    return "'" + text + "' is not a date, expected " + DATE_FORMAT;
  }

  public static OptoutException badDate(String option, String text) {
    return OptoutException.usage(option + ": " + notADate(text));
  }

  /** A value outside a closed set: {@code --channel: unknown channel 'fax' (use push, ...)}. */
  public static OptoutException unknownValue(
      String option, String kind, String value, List<String> known) {
    return OptoutException.usage(
        option + ": unknown " + kind + " '" + value + "' (use " + oneOf(known) + ")");
  }

  public static OptoutException empty(String option) {
    return OptoutException.usage(option + ": must not be empty");
  }

  public static OptoutException negative(String option, long value) {
    return OptoutException.usage(option + ": must be 0 or more, got " + value);
  }

  /** A date range whose first date is after its last. */
  public static OptoutException fromAfterTo(LocalDate from, LocalDate to) {
    return OptoutException.usage("--from " + from + " is after --to " + to);
  }

  /** A date range ending after the as-of date: its last days are not complete yet. */
  public static OptoutException afterAsOf(LocalDate to, LocalDate asOf) {
    return OptoutException.usage(
        "--to "
            + to
            + " is after the as-of date "
            + asOf
            + " (input is only complete through the as-of date; pass --as-of to move it)");
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  public static String oneOf(List<String> known) {
    if (known.size() <= 1) {
      return String.join("", known);
    }
    return String.join(", ", known.subList(0, known.size() - 1))
        + " or "
        + known.get(known.size() - 1);
  }
}
