package io.optout.generate;

import static io.optout.generate.Draws.chance;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The imperfections real lakes have, applied to clean generated rows: enum values in another case
 * or padded with spaces, exact duplicate rows, and a small share of rows that break the contract
 * (about 0.1%, well under the 1% reject limit).
 */
final class RowNoise {
  static final double MIXED_CASE = 0.02;
  static final double EXACT_DUPLICATE = 0.002;
  static final double BROKEN = 0.001;

  /** How a lake's row can break its contract: the generator picks one way per broken row. */
  @FunctionalInterface
  interface Breaker {
    void breakRow(Object[] row, SplittableRandom r);
  }

  private final SplittableRandom r;

  RowNoise(SplittableRandom r) {
    this.r = r;
  }

  SplittableRandom random() {
    return r;
  }

  /** A clean enum value, sometimes as a client sends it: "PUSH", " Opt_Out ", "email ". */
  String enumValue(String value) {
    if (value == null || !chance(r, MIXED_CASE)) {
      return value;
    }
    return switch (r.nextInt(4)) {
      case 0 -> value.toUpperCase(Locale.ROOT);
      case 1 -> " " + capitalized(value) + " ";
      case 2 -> value + " ";
      default -> capitalized(value);
    };
  }

  private static String capitalized(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean upper = true;
    for (char c : value.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '_';
    }
    return out.toString();
  }

  <T> T sometimesNull(T value, double nullShare) {
    return chance(r, nullShare) ? null : value;
  }

  /** Adds the row (rarely broken, rarely twice) to {@code out}. */
  void emit(Object[] row, Breaker breaker, List<Row> out) {
    if (chance(r, BROKEN)) {
      breaker.breakRow(row, r);
    }
    Row result = RowFactory.create(row);
    out.add(result);
    if (chance(r, EXACT_DUPLICATE)) {
      out.add(result);
    }
  }
}
