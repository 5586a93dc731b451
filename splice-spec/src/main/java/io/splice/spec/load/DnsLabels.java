package io.splice.spec.load;

import java.util.Locale;
import java.util.regex.Pattern;

/** App and service names are DNS labels, so that they work as host names and Kubernetes names. */
final class DnsLabels {
  static final int MAX_LENGTH = 63;
  static final String EXPECTED =
      "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, "
          + "at most " + MAX_LENGTH + " characters";
  /** The name {@link #sanitize} gives when nothing of the original is left. */
  static final String FALLBACK = "app";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private DnsLabels() {}

  static boolean isValid(String name) {
    return name.length() <= MAX_LENGTH && LABEL.matcher(name).matches();
  }

  /** The closest DNS label to {@code name}: {@code My_Shop.v2} becomes {@code my-shop-v2}. */
  static String sanitize(String name) {
    String label = name.toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+", "");
    if (label.length() > MAX_LENGTH) {
      label = label.substring(0, MAX_LENGTH);
    }
    label = label.replaceAll("-+$", "");
    return label.isEmpty() ? FALLBACK : label;
  }
}
