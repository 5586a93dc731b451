package io.splice.proxy.util;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Argument checks whose messages name the value and what was expected: {@code "maxHeaderCount: 0
 * (expected: >= 1)"}.
 */
public final class Checks {

  private Checks() {}

  /** Returns {@code value}; throws unless it is longer than zero. */
  public static Duration positive(Duration value, String name) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }

  /** Returns {@code value}; throws unless it is {@code min} or more. */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
    return value;
  }

  /** Returns {@code value}; throws unless it is within {@code [min, max]}. */
  public static double between(double value, double min, double max, String name) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }
}
