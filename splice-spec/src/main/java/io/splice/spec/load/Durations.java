package io.splice.spec.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as specs write them: {@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}, or a plain
 * number of seconds ({@code 1.5}). Units are {@code h}, {@code m}, {@code s}, {@code ms}, {@code us}
 * and {@code ns}, largest first, as in Compose and Go.
 */
final class Durations {
  static final String EXPECTED = "a duration such as '500ms', '2s' or '1m30s', or a number of seconds";

  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|us|ns|h|m|s)");
  private static final Map<String, Long> NANOS = Map.of(
      "h", 3_600_000_000_000L, "m", 60_000_000_000L, "s", 1_000_000_000L,
      "ms", 1_000_000L, "us", 1_000L, "ns", 1L);
  private static final List<String> ORDER = List.of("h", "m", "s", "ms", "us", "ns");

  private Durations() {}

  /** The duration {@code text} stands for, or null when it is not one. Negative durations are not. */
  static Duration parse(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    try {
      if (NUMBER.matcher(trimmed).matches()) {
        return nanos(new BigDecimal(trimmed), NANOS.get("s"));
      }
      Matcher part = PART.matcher(trimmed);
      Duration total = Duration.ZERO;
      int end = 0;
      int lastUnit = -1;
      while (part.find() && part.start() == end) {
        int unit = ORDER.indexOf(part.group(2));
        if (unit <= lastUnit) {
          return null;
        }
        lastUnit = unit;
        total = total.plus(nanos(new BigDecimal(part.group(1)), NANOS.get(part.group(2))));
        end = part.end();
      }
      return end == trimmed.length() ? total : null;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** A short form of {@code duration} that {@link #parse} reads back: {@code 1m30s}, {@code 500ms}. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long rest = duration.toNanos();
    for (String unit : ORDER) {
      long size = NANOS.get(unit);
      if (rest >= size) {
        text.append(rest / size).append(unit);
        rest %= size;
      }
    }
    return text.toString();
  }

  private static Duration nanos(BigDecimal amount, long unitNanos) {
    return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unitNanos)).longValueExact());
  }
}
