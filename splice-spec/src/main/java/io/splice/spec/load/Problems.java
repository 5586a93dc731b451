package io.splice.spec.load;

import io.splice.spec.Diagnostic;
import io.splice.spec.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects the errors and warnings found while loading one file, so that all are reported at once. */
final class Problems {
  private static final Comparator<Diagnostic> BY_POSITION = Comparator
      .comparingInt((Diagnostic d) -> d.position() == null ? 0 : d.position().line())
      .thenComparingInt(d -> d.position() == null ? 0 : d.position().column());

  private final List<Diagnostic> errors = new ArrayList<>();
  private final List<Diagnostic> warnings = new ArrayList<>();

  void error(SourcePosition position, String message) {
    errors.add(new Diagnostic(position, message));
  }

  /** Reports {@code path: value (expected: what)} at the value's position. */
  void error(Located<?> value, String expected) {
    error(value.position(), value.path() + ": " + value.shown() + " (expected: " + expected + ")");
  }

  /** Reports {@code path: value (expected: what)} at the node's position. */
  void error(YamlNode node, String path, String expected) {
    error(node.position(), path + ": " + node.describe() + " (expected: " + expected + ")");
  }

  void warn(SourcePosition position, String message) {
    warnings.add(new Diagnostic(position, message));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** The errors in the order they appear in the file. */
  List<Diagnostic> errors() {
    return sorted(errors);
  }

  /** The warnings in the order they appear in the file. */
  List<Diagnostic> warnings() {
    return sorted(warnings);
  }

  /** Sorted by position; a diagnostic found twice (a default shared by several services) is kept once. */
  private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
    List<Diagnostic> copy = new ArrayList<>(new LinkedHashSet<>(diagnostics));
    copy.sort(BY_POSITION);
    return List.copyOf(copy);
  }
}
