package io.splice.spec.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts single YAML values into Java values, reporting {@code path: value (expected: ...)} when
 * a value has the wrong shape. Each method returns null when the node is absent or null (the key
 * was left out), and also after reporting an error, so that callers simply skip the value.
 */
final class Values {
  static final List<String> SHELL = List.of("/bin/sh", "-c");

  private Values() {}

  static boolean isAbsent(YamlNode node) {
    return node == null || (node instanceof YamlNode.Scalar scalar && scalar.isNull());
  }

  static YamlNode.Mapping mapping(YamlNode node, String path, Problems problems, String expected) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Mapping map) {
      return map;
    }
    problems.error(node, path, expected);
    return null;
  }

  /** The text of any scalar: a string, and also a number or boolean written without quotes. */
  static Located<String> string(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar) {
      return Located.of(scalar.text(), node, path);
    }
    problems.error(node, path, "a string");
    return null;
  }

  /** An integer, written as a number or a quoted number. */
  static Located<Integer> integer(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Type.BOOL
        && scalar.text().strip().matches("[-+]?[0-9]{1,10}")) {
      long value = Long.parseLong(scalar.text().strip());
      if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
        return Located.of((int) value, node, path);
      }
    }
    problems.error(node, path, "an integer");
    return null;
  }

  /** A number, written as a number or a quoted number ({@code cpus: '0.5'}, as Compose files do). */
  static Located<Double> number(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar
        && scalar.text().strip().matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      return Located.of(Double.parseDouble(scalar.text().strip()), node, path);
    }
    problems.error(node, path, "a number");
    return null;
  }

  static Located<Boolean> bool(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.BOOL) {
      return Located.of(Boolean.parseBoolean(scalar.text().toLowerCase(Locale.ROOT)), node, path);
    }
    problems.error(node, path, "true or false");
    return null;
  }

  /** A duration: {@code 500ms}, {@code 1m30s}, or a number of seconds. */
  static Located<Duration> duration(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    Duration value = node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Type.BOOL
        ? Durations.parse(scalar.text()) : null;
    if (value == null) {
      problems.error(node, path, Durations.EXPECTED);
      return null;
    }
    return Located.of(value, node, path);
  }

  /** A memory size in bytes: {@code 268435456}, {@code 256m}, {@code 1Gi}. */
  static Located<Long> memory(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    Long value = node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Type.BOOL
        ? MemorySizes.parse(scalar.text()) : null;
    if (value == null) {
      problems.error(node, path, MemorySizes.EXPECTED);
      return null;
    }
    return Located.of(value, node, path);
  }

  /**
   * A command: a list of arguments, or a string run by the shell, which becomes
   * {@code ["/bin/sh", "-c", string]}.
   */
  static Located<List<String>> command(YamlNode node, String path, Problems problems) {
    if (isAbsent(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar scalar) {
      if (scalar.text().isBlank()) {
        problems.error(node, path, "a command");
        return null;
      }
      List<String> shell = new ArrayList<>(SHELL);
      shell.add(scalar.text());
      return Located.of(List.copyOf(shell), node, path);
    }
    return stringList(node, path, problems, "a list of arguments or a string");
  }

  /** A non-empty list of strings. */
  static Located<List<String>> stringList(YamlNode node, String path, Problems problems, String expected) {
    if (isAbsent(node)) {
      return null;
    }
    if (!(node instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
      problems.error(node, path, expected);
      return null;
    }
    List<String> items = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
        items.add(scalar.text());
      } else {
        problems.error(item, path + "[" + i + "]", "a string");
        valid = false;
      }
    }
    return valid ? Located.of(List.copyOf(items), node, path) : null;
  }
}
