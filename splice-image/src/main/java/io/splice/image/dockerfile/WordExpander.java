package io.splice.image.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Substitutes variables and removes quotes in an instruction's words, the way Docker does for
 * {@code ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER VOLUME WORKDIR}.
 *
 * <table>
 *   <caption>with {@code A=x} and {@code E=} (set, empty); {@code U} unset</caption>
 *   <tr><th>word</th><th>result</th></tr>
 *   <tr><td>{@code $A ${A}}</td><td>{@code x x}</td></tr>
 *   <tr><td>{@code ${U:-d} ${E:-d} ${E-d}}</td><td>{@code d d} and empty</td></tr>
 *   <tr><td>{@code ${A:+y} ${E:+y} ${E+y}}</td><td>{@code y}, empty, {@code y}</td></tr>
 *   <tr><td>{@code '$A' "$A" \$A}</td><td>{@code $A x $A}</td></tr>
 * </table>
 *
 * <p>Unquoted values are split into words by {@link #expandWords}; single quotes keep everything
 * literal; in double quotes the escape character escapes only {@code "}, {@code $} and itself.
 * Errors ({@code ${A:?msg}}, an unterminated quote) are {@link IllegalArgumentException}s whose
 * message the builder puts after the instruction's file and line.
 */
public final class WordExpander {
  private final char escape;

  /** An expander for the Dockerfile's escape character ({@code \} unless a directive says {@code `}). */
  public WordExpander(char escape) {
    this.escape = escape;
  }

  /** One word, quotes removed and variables substituted, never split. */
  public String expand(String word, Map<String, String> env) {
    Words words = new Words(false);
    new Scan(word, env).process((char) 0, words);
    return words.joined();
  }

  /** A line split into words, quotes removed and variables substituted. */
  public List<String> expandWords(String text, Map<String, String> env) {
    Words words = new Words(true);
    new Scan(text, env).process((char) 0, words);
    return words.list();
  }

  private final class Scan {
    private final String s;
    private final Map<String, String> env;
    private int pos;

    Scan(String s, Map<String, String> env) {
      this.s = s;
      this.env = env;
    }

    void process(char stop, Words words) {
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (stop != 0 && c == stop) {
          return;
        }
        if (c == '\'') {
          words.addRaw(singleQuoted());
        } else if (c == '"') {
          words.addRaw(doubleQuoted());
        } else if (c == '$') {
          words.add(dollar());
        } else if (c == escape) {
          words.addRaw(pos < s.length() ? String.valueOf(s.charAt(pos++)) : String.valueOf(escape));
        } else {
          words.add(String.valueOf(c));
        }
      }
      if (stop != 0) {
        throw new IllegalArgumentException("missing '" + stop + "' in substitution: " + s);
      }
    }

    private String singleQuoted() {
      int end = s.indexOf('\'', pos);
      if (end < 0) {
        throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
      }
      String text = s.substring(pos, end);
      pos = end + 1;
      return text;
    }

    private String doubleQuoted() {
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '$') {
          out.append(dollar());
        } else if (c == escape && pos < s.length()) {
          char next = s.charAt(pos++);
          if (next != '"' && next != '$' && next != escape) {
            out.append(escape);
          }
          out.append(next);
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
    }

    private String dollar() {
      if (pos >= s.length()) {
        return "$";
      }
      if (s.charAt(pos) != '{') {
        String name = name();
        return name.isEmpty() ? "$" : env.getOrDefault(name, "");
      }
      pos++;
      String name = name();
      if (name.isEmpty() || pos >= s.length()) {
        throw new IllegalArgumentException("bad substitution: " + s);
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        return env.getOrDefault(name, "");
      }
      boolean colon = c == ':';
      if (colon) {
        if (pos >= s.length()) {
          throw new IllegalArgumentException("bad substitution: " + s);
        }
        c = s.charAt(pos++);
      }
      Words nested = new Words(false);
      process('}', nested);
      String word = nested.joined();
      String value = env.get(name);
      boolean unset = value == null || (colon && value.isEmpty());
      switch (c) {
        case '-':
          return unset ? word : value;
        case '+':
          return unset ? "" : word;
        case '?':
          if (unset) {
            throw new IllegalArgumentException(
                name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          }
          return value;
        default:
          throw new IllegalArgumentException("unsupported modifier (" + c + ") in substitution: " + s);
      }
    }

    private String name() {
      int start = pos;
      while (pos < s.length()
          && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
      }
      return s.substring(start, pos);
    }
  }

  /** Collects words: unquoted text splits at whitespace when splitting, quoted text never does. */
  private static final class Words {
    private final boolean split;
    private final List<String> list = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;

    Words(boolean split) {
      this.split = split;
    }

    void add(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (split && Character.isWhitespace(c)) {
          flush();
        } else {
          word.append(c);
          inWord = true;
        }
      }
    }

    void addRaw(String text) {
      word.append(text);
      inWord = true;
    }

    private void flush() {
      if (inWord) {
        list.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
    }

    List<String> list() {
      flush();
      return List.copyOf(list);
    }

    String joined() {
      return word.toString();
    }
  }
}
