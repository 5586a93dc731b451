package io.splice.image.build;

import java.util.regex.Pattern;

/** A source pattern of COPY and ADD ({@code *}, {@code ?}, {@code [a-z]}), as Go's filepath.Match reads it. */
final class Glob {
  private Glob() {}

  static boolean isPattern(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  /** A regex for a whole relative path; wildcards do not cross {@code /}. */
  static Pattern compile(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[' && pattern.indexOf(']', i + 1) > i + 1) {
        int close = pattern.indexOf(']', i + 2);
        String body = pattern.substring(i + 1, close);
        if (body.startsWith("^") || body.startsWith("!")) {
          body = "^" + body.substring(1);
        }
        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
        i = close;
      } else if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
