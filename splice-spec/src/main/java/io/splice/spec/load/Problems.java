package io.splice.spec.load;

import io.splice.spec.Diagnostic;
import io.splice.spec.SourcePosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Collects the errors and warnings found while loading one file, so that all are reported at once. */
final class Problems {
  private final List<Diagnostic> errors = new ArrayList<>();
  private final List<Diagnostic> warnings = new ArrayList<>();
  /** Warnings reported once per group, with the lines of later occurrences. */
  private final Map<String, Grouped> grouped = new LinkedHashMap<>();

  /** The spec file, whose diagnostics come before those of the files it refers to; may be null. */
  private final Path specFile;

  private record Grouped(Diagnostic first, Set<Integer> otherLines) {}

  Problems() {
    this(null);
  }

  Problems(Path specFile) {
    this.specFile = specFile;
  }

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

  /**
   * Warns once for every warning of {@code group}: the first one is reported, and later ones (for
   * the same key in other services) only add their line, as {@code ...; also at lines 20, 31}.
   */
  void warnOnce(String group, SourcePosition position, String message) {
    Grouped first = grouped.get(group);
    if (first == null) {
      grouped.put(group, new Grouped(new Diagnostic(position, message), new TreeSet<>()));
    } else if (position != null && !position.equals(first.first().position())) {
      first.otherLines().add(position.line());
    }
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** The errors in the order they appear, file by file. */
  List<Diagnostic> errors() {
    return sorted(errors);
  }

  /** The warnings in the order they appear, file by file. */
  List<Diagnostic> warnings() {
    List<Diagnostic> all = new ArrayList<>(warnings);
    for (Grouped group : grouped.values()) {
      Diagnostic first = group.first();
      if (group.otherLines().isEmpty()) {
        all.add(first);
      } else {
        List<String> lines = group.otherLines().stream().map(String::valueOf).toList();
        all.add(new Diagnostic(first.position(), first.message() + "; also at line"
            + (lines.size() == 1 ? " " : "s ") + String.join(", ", lines)));
      }
    }
    return sorted(all);
  }

  /**
   * Sorted by position: the spec file first, then other files in the order they were first
   * reported; a diagnostic found twice (a default shared by several services) is kept once.
   */
  private List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
    List<Diagnostic> copy = new ArrayList<>(new LinkedHashSet<>(diagnostics));
    Map<Path, Integer> fileOrder = new HashMap<>();
    if (specFile != null) {
      fileOrder.put(specFile, 0);
    }
    for (Diagnostic diagnostic : copy) {
      if (diagnostic.position() != null) {
        fileOrder.putIfAbsent(diagnostic.position().file(), fileOrder.size());
      }
    }
    copy.sort(Comparator
        .comparingInt((Diagnostic d) -> d.position() == null ? -1 : fileOrder.get(d.position().file()))
        .thenComparingInt(d -> d.position() == null ? 0 : d.position().line())
        .thenComparingInt(d -> d.position() == null ? 0 : d.position().column()));
    return List.copyOf(copy);
  }
}
