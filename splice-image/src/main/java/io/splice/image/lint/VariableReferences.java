package io.splice.image.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the variables a word or line refers to, with the quoting the builder applies.
 *
 * <pre>
 * $A ${B} "$C"          A, B, C
 * '$A' \$B              none: single quotes and the escape character keep them literal
 * ${A:-x} ${A+$B}       B only: a default or an alternative means an unset A is expected
 * </pre>
 */
final class VariableReferences {
  private VariableReferences() {}

  /** The names referred to without a default, in order, with repeats. */
  static List<String> find(String text, char escape) {
    List<String> names = new ArrayList<>();
    scan(text, escape, names);
    return names;
  }

  private static void scan(String s, char escape, List<String> names) {
    boolean inDouble = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == escape) {
        i += 2;
      } else if (c == '\'' && !inDouble) {
        int close = s.indexOf('\'', i + 1);
        i = close < 0 ? s.length() : close + 1;
      } else if (c == '"') {
        inDouble = !inDouble;
        i++;
      } else if (c == '$') {
        i = reference(s, i + 1, escape, names);
      } else {
        i++;
      }
    }
  }

  /** Reads the reference after a {@code $} at {@code start}; returns the index after it. */
  private static int reference(String s, int start, char escape, List<String> names) {
    if (start >= s.length()) {
      return start;
    }
    if (s.charAt(start) != '{') {
      int end = nameEnd(s, start);
      if (end > start) {
        names.add(s.substring(start, end));
      }
      return Math.max(end, start);
    }
    int nameStart = start + 1;
    int nameEnd = nameEnd(s, nameStart);
    int close = closingBrace(s, start, escape);
    if (nameEnd == nameStart) {
      return close + 1;
    }
    if (nameEnd >= close) {
      names.add(s.substring(nameStart, Math.min(nameEnd, close)));
    } else {
      int wordStart = nameEnd;
      while (wordStart < close && ":-+?".indexOf(s.charAt(wordStart)) >= 0) {
        wordStart++;
      }
      scan(s.substring(wordStart, close), escape, names);
    }
    return close + 1;
  }

  private static int nameEnd(String s, int start) {
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean letter = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!(letter || (i > start && c >= '0' && c <= '9'))) {
        break;
      }
      i++;
    }
    return i;
  }

  /** The index of the brace closing the one at {@code open}, or the end of {@code s}. */
  private static int closingBrace(String s, int open, char escape) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == escape) {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return s.length();
  }
}
