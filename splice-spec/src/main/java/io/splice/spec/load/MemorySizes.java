package io.splice.spec.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as Docker and Kubernetes write them: a number of bytes, or a number with a unit
 * {@code k}, {@code m}, {@code g} or {@code t}, optionally followed by {@code i} and/or {@code b}, in
 * any case: {@code 100k}, {@code 256m}, {@code 1g}, {@code 512Mi}, {@code 1Gi}, {@code 64MB}. Every
 * unit is binary ({@code 1k} is 1024 bytes), as in Docker.
 */
final class MemorySizes {
  static final String EXPECTED = "a size such as '256m', '1g', '512Mi' or a number of bytes";

  private static final Pattern SIZE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgt";

  private MemorySizes() {}

  /** The number of bytes {@code text} stands for, or null when it is not a size. */
  static Long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches() || (!matcher.group(3).isEmpty() && matcher.group(2).isEmpty())) {
      return null;
    }
    String unit = matcher.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit) + 1;
    try {
      BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
      return bytes.setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /**
   * {@code bytes} in the largest binary unit that holds it exactly, as {@link #parse} reads it back:
   * {@code 256Mi}, {@code 1Gi}, {@code 1536Ki}; a size that is no whole number of KiB stays a number.
   */
  static Object format(long bytes) {
    String[] suffixes = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < suffixes.length; i++) {
      long unit = 1L << (10 * (suffixes.length - i));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + suffixes[i];
      }
    }
    return bytes;
  }
}
