package io.splice.image.dockerfile;

import io.splice.image.core.ImageFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile's text into parser directives and logical lines: comments and blank lines
 * dropped, continuations joined (comment and blank lines inside a continuation are skipped, as
 * Docker does), and heredoc bodies of {@code RUN}, {@code COPY} and {@code ADD} collected.
 */
final class SourceReader {
  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");
  private static final Pattern DIRECTIVE =
      Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern HEREDOC =
      Pattern.compile("(?<![<\\S])\\d*<<(-?)([\"']?)([A-Za-z0-9_.\\-]+)\\2(?=\\s|$)");

  private final String file;
  private final String[] physical;
  private final Map<String, String> directives = new LinkedHashMap<>();
  private char escape = '\\';

  SourceReader(String file, String text) {
    this.file = file;
    this.physical = text.replace("\r\n", "\n").split("\n", -1);
  }

  Map<String, String> directives() {
    return directives;
  }

  char escape() {
    return escape;
  }

  List<LogicalLine> read() throws ImageFailure {
    int index = readDirectives();
    List<LogicalLine> lines = new ArrayList<>();
    while (index < physical.length) {
      String line = physical[index];
      if (line.isBlank() || isComment(line)) {
        index++;
        continue;
      }
      int first = index + 1;
      StringBuilder text = new StringBuilder();
      boolean more = true;
      while (more && index < physical.length) {
        line = physical[index++];
        if (text.length() > 0 && (line.isBlank() || isComment(line))) {
          continue;
        }
        String trimmed = stripTrailing(line);
        more = !trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape;
        text.append(more ? trimmed.substring(0, trimmed.length() - 1) : line);
      }
      String joined = text.toString().strip();
      int last = index;
      List<Heredoc> heredocs = new ArrayList<>();
      if (HEREDOC_INSTRUCTIONS.contains(firstWord(joined).toUpperCase(Locale.ROOT))) {
        Matcher m = HEREDOC.matcher(joined);
        while (m.find()) {
          index = readHeredoc(index, first, joined, m, heredocs);
        }
        last = Math.max(last, index);
      }
      lines.add(new LogicalLine(new LineRange(first, Math.max(first, last)), joined, heredocs));
    }
    return lines;
  }

  private int readDirectives() throws ImageFailure {
    int index = 0;
    while (index < physical.length) {
      Matcher m = DIRECTIVE.matcher(physical[index].strip());
      if (!m.matches()) {
        return index;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      if (!DIRECTIVES.contains(key)) {
        return index;
      }
      if (directives.containsKey(key)) {
        throw ImageFailure.at(file, index + 1, null, "only one " + key + " parser directive can be used");
      }
      String value = m.group(2);
      if (key.equals("escape")) {
        if (!value.equals("\\") && !value.equals("`")) {
          throw ImageFailure.at(
              file, index + 1, null, "invalid escape token '" + value + "' (expected: \\ or `)");
        }
        escape = value.charAt(0);
      }
      directives.put(key, value);
      index++;
    }
    return index;
  }

  private int readHeredoc(int index, int first, String joined, Matcher m, List<Heredoc> out)
      throws ImageFailure {
    boolean stripTabs = !m.group(1).isEmpty();
    boolean expand = m.group(2).isEmpty();
    String name = m.group(3);
    StringBuilder body = new StringBuilder();
    while (index < physical.length) {
      String line = physical[index++];
      String candidate = stripTabs ? line.replaceFirst("^\t+", "") : line;
      if (candidate.equals(name)) {
        out.add(new Heredoc(name, body.toString(), expand));
        return index;
      }
      body.append(candidate).append('\n');
    }
    throw ImageFailure.at(
        file, first, firstWord(joined).toUpperCase(Locale.ROOT), "heredoc " + name + " is not terminated");
  }

  private static boolean isComment(String line) {
    return line.stripLeading().startsWith("#");
  }

  private static String stripTrailing(String line) {
    return line.replaceFirst("[ \t]+$", "");
  }

  private static String firstWord(String text) {
    int end = 0;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(0, end);
  }
}
