package io.splice.spec.load;

import java.util.function.Function;

/**
 * Replaces variables in a Compose value, following the Compose Specification: {@code $VAR} and
 * {@code ${VAR}}; {@code ${VAR:-default}} (unset or empty) and {@code ${VAR-default}} (unset);
 * {@code ${VAR:?error}} and {@code ${VAR?error}}, which fail; {@code ${VAR:+other}} and
 * {@code ${VAR+other}}, which replace a set variable; {@code $$} is a literal {@code $}. Defaults
 * may hold variables themselves: {@code ${PORT:-${DEFAULT_PORT}}}. A {@code $} followed by anything
 * else stays as written.
 */
final class Interpolation {
  /** What a template needs reported; each method is called at most once per problem. */
  interface Listener {
    /** {@code variable} is used without a default and is not set: it becomes an empty string. */
    void unset(String variable);

    /** A {@code :?} or {@code ?} variable is missing; {@code message} is the text after it, maybe empty. */
    void required(String variable, String message);

    /** The template is not valid: {@code detail} says why. */
    void invalid(String detail);
  }

  private final Function<String, String> lookup;
  private final Listener listener;
  private boolean failed;

  private Interpolation(Function<String, String> lookup, Listener listener) {
    this.lookup = lookup;
    this.listener = listener;
  }

  /** {@code text} with its variables replaced, or null after reporting a problem to {@code listener}. */
  static String apply(String text, Function<String, String> lookup, Listener listener) {
    Interpolation interpolation = new Interpolation(lookup, listener);
    String result = interpolation.expand(text);
    return interpolation.failed ? null : result;
  }

  /** Whether {@code text} may hold a variable, so that it needs {@link #apply}. */
  static boolean mayHoldVariables(String text) {
    return text.indexOf('$') >= 0;
  }

  private String expand(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length() && !failed) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 == text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int end = closingBrace(text, i + 2);
        if (end < 0) {
          fail("'" + text.substring(i) + "' has no closing '}'");
          return null;
        }
        out.append(braced(text.substring(i + 2, end)));
        i = end + 1;
      } else if (isNameStart(next)) {
        int end = nameEnd(text, i + 1);
        out.append(value(text.substring(i + 1, end)));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index of the '}' closing a '${' whose content starts at {@code from}, or -1. */
  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '$')) {
        depth += text.charAt(i + 1) == '{' ? 1 : 0;
        i++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The value of {@code ${content}}. */
  private String braced(String content) {
    int end = content.isEmpty() || !isNameStart(content.charAt(0)) ? 0 : nameEnd(content, 0);
    String name = content.substring(0, end);
    String rest = content.substring(end);
    if (name.isEmpty()) {
      fail("'${" + content + "}' names no variable (expected: a name of letters, digits and '_')");
      return "";
    }
    if (rest.isEmpty()) {
      return value(name);
    }
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
    String word = rest.substring(op.length());
    String current = lookup.apply(name);
    boolean set = current != null && (!colon || !current.isEmpty());
    switch (op.charAt(op.length() - 1)) {
      case '-':
        return set ? current : expand(word);
      case '+':
        return set ? expand(word) : "";
      case '?':
        if (!set) {
          String message = expand(word);
          if (!failed) {
            failed = true;
            listener.required(name, message);
          }
        }
        return set ? current : "";
      default:
        fail("'${" + content + "}' (expected: ${" + name + "}, or ':-', '-', ':?', '?', ':+' or '+' after the name)");
        return "";
    }
  }

  private String value(String name) {
    String current = lookup.apply(name);
    if (current == null) {
      listener.unset(name);
      return "";
    }
    return current;
  }

  private void fail(String detail) {
    if (!failed) {
      failed = true;
      listener.invalid(detail);
    }
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int nameEnd(String text, int from) {
    int i = from;
    while (i < text.length() && (isNameStart(text.charAt(i)) || (text.charAt(i) >= '0' && text.charAt(i) <= '9'))) {
      i++;
    }
    return i;
  }
}
