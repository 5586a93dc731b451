package io.splice.spec.load;

import io.splice.spec.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a {@code .env} or {@code env_file} file: one {@code NAME=value} per line, as Compose reads
 * them. Lines starting with {@code #} are comments and {@code export } before a name is allowed. A
 * value is unquoted (trimmed; {@code " #"} starts a comment), in single quotes (taken as written) or
 * in double quotes ({@code \n}, {@code \"}, {@code \\} and {@code \$} escapes; may span lines).
 * Unquoted and double-quoted values may use {@code ${VAR}}: earlier lines of the file, then the
 * outer variables. A line with a name only has no value.
 */
final class DotEnv {
  /** One line; {@code value} is null for a name written without {@code =}. */
  record Entry(String name, String value, SourcePosition position) {}

  private final Path file;
  private final String text;
  private final Problems problems;
  private int index;
  private int line = 1;
  private int lineStart;

  private DotEnv(Path file, String text, Problems problems) {
    this.file = file;
    this.text = text;
    this.problems = problems;
  }

  /** The entries of {@code content}, in file order; problems are reported with positions in {@code file}. */
  static List<Entry> parse(Path file, byte[] content, Function<String, String> outer, Problems problems) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new DotEnv(file, text, problems).entries(outer);
  }

  /** The entries as a map, a later line winning; names without values are left out. */
  static Map<String, String> toMap(List<Entry> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (entry.value() != null) {
        map.put(entry.name(), entry.value());
      }
    }
    return map;
  }

  private List<Entry> entries(Function<String, String> outer) {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> earlier = new LinkedHashMap<>();
    Function<String, String> lookup = name -> earlier.containsKey(name) ? earlier.get(name) : outer.apply(name);
    while (index < text.length()) {
      skip(" \t");
      if (index >= text.length()) {
        break;
      }
      char c = text.charAt(index);
      if (c == '\n' || c == '\r') {
        newline();
        continue;
      }
      if (c == '#') {
        skipLine();
        continue;
      }
      SourcePosition start = position();
      Entry entry = entry(start, lookup);
      if (entry == null) {
        skipLine();
        continue;
      }
      entries.add(entry);
      if (entry.value() != null) {
        earlier.put(entry.name(), entry.value());
      }
    }
    return entries;
  }

  private Entry entry(SourcePosition start, Function<String, String> lookup) {
    if (text.startsWith("export ", index) || text.startsWith("export\t", index)) {
      index += "export".length();
      skip(" \t");
    }
    int nameStart = index;
    while (index < text.length() && isNameChar(text.charAt(index))) {
      index++;
    }
    String name = text.substring(nameStart, index);
    skip(" \t");
    boolean atEnd = index >= text.length() || text.charAt(index) == '\n' || text.charAt(index) == '\r'
        || text.charAt(index) == '#';
    if (!name.isEmpty() && !Character.isDigit(name.charAt(0)) && atEnd) {
      return new Entry(name, null, start);
    }
    if (name.isEmpty() || Character.isDigit(name.charAt(0)) || index >= text.length() || text.charAt(index) != '=') {
      problems.error(start, "'" + restOfLine(nameStart) + "' (expected: a line 'NAME=value')");
      return null;
    }
    index++;
    skip(" \t");
    SourcePosition valuePosition = position();
    String raw;
    boolean interpolate = true;
    char quote = index < text.length() ? text.charAt(index) : 0;
    if (quote == '\'' || quote == '"') {
      raw = quoted(quote, valuePosition);
      if (raw == null) {
        return null;
      }
      interpolate = quote == '"';
      skip(" \t");
      if (index < text.length() && text.charAt(index) != '#' && text.charAt(index) != '\n' && text.charAt(index) != '\r') {
        problems.error(position(), name + ": text after the closing quote"
            + " (expected: only a comment)");
        return null;
      }
    } else {
      raw = unquoted();
    }
    skipLine();
    String value = interpolate ? interpolate(raw, name, valuePosition, lookup) : raw;
    return value == null ? null : new Entry(name, value, start);
  }

  /** A quoted value, the index after its closing quote; null when the quote is not closed (reported). */
  private String quoted(char quote, SourcePosition start) {
    StringBuilder value = new StringBuilder();
    index++;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (c == quote) {
        index++;
        return value.toString();
      }
      if (c == '\\' && quote == '"' && index + 1 < text.length()) {
        char escaped = text.charAt(index + 1);
        switch (escaped) {
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case '$' -> value.append("$$");
          case '"', '\\' -> value.append(escaped);
          default -> value.append('\\').append(escaped);
        }
        index += 2;
        continue;
      }
      if (c == '\n') {
        value.append(c);
        newline();
        continue;
      }
      value.append(c);
      index++;
    }
    problems.error(start, "a value opened with " + quote + " is not closed (expected: a closing "
        + quote + ")");
    return null;
  }

  /** An unquoted value up to the end of the line or a {@code " #"} comment, trimmed. */
  private String unquoted() {
    int start = index;
    while (index < text.length() && text.charAt(index) != '\n' && text.charAt(index) != '\r') {
      if (text.charAt(index) == '#' && index > start && Character.isWhitespace(text.charAt(index - 1))) {
        break;
      }
      index++;
    }
    return text.substring(start, index).strip();
  }

  private String interpolate(String raw, String name, SourcePosition at, Function<String, String> lookup) {
    if (!Interpolation.mayHoldVariables(raw)) {
      return raw;
    }
    String prefix = name + ": ";
    return Interpolation.apply(raw, lookup, new Interpolation.Listener() {
      @Override
      public void unset(String variable) {
        problems.warnOnce("unset:" + variable, at, prefix + variable + " is not set, so an empty string is used");
      }

      @Override
      public void required(String variable, String message) {
        problems.error(at, prefix + variable + " is required" + (message.isEmpty() ? "" : ": " + message)
            + " (expected: " + variable + " set in the environment)");
      }

      @Override
      public void invalid(String detail) {
        problems.error(at, prefix + detail);
      }
    });
  }

  private String restOfLine(int from) {
    int end = from;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    String rest = text.substring(from, end).strip();
    return rest.length() > YamlNode.MAX_SHOWN ? rest.substring(0, YamlNode.MAX_SHOWN) + "..." : rest;
  }

  private void skip(String characters) {
    while (index < text.length() && characters.indexOf(text.charAt(index)) >= 0) {
      index++;
    }
  }

  private void skipLine() {
    while (index < text.length() && text.charAt(index) != '\n') {
      index++;
    }
    if (index < text.length()) {
      newline();
    }
  }

  /** Steps over a line break at {@code index}: {@code \n}, {@code \r\n} or a lone {@code \r}. */
  private void newline() {
    if (text.charAt(index) == '\r' && index + 1 < text.length() && text.charAt(index + 1) == '\n') {
      index++;
    }
    index++;
    line++;
    lineStart = index;
  }

  private SourcePosition position() {
    return new SourcePosition(file, line, index - lineStart + 1);
  }

  private static boolean isNameChar(char c) {
    return c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
