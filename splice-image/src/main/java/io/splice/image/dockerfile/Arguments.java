package io.splice.image.dockerfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Splits an instruction's arguments the way Docker does, keeping quotes and variables. */
final class Arguments {
  private static final JsonFactory JSON = new JsonFactory();

  private Arguments() {}

  /** The strings of a JSON array of strings, or empty when {@code text} is not one. */
  static Optional<List<String>> jsonArray(String text) {
    if (!text.startsWith("[")) {
      return Optional.empty();
    }
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return Optional.empty();
      }
      List<String> out = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t != JsonToken.VALUE_STRING) {
          return Optional.empty();
        }
        out.add(p.getText());
      }
      return p.nextToken() == null ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A command in exec form when {@code text} is a JSON array of strings, else in shell form. */
  static Command command(String text) {
    return jsonArray(text)
        .map(args -> new Command(args, true))
        .orElseGet(() -> new Command(List.of(text), false));
  }

  /**
   * Splits on whitespace outside quotes; quotes and escapes stay in the words, for {@link
   * WordExpander} to process later.
   */
  static List<String> words(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      word.append(c);
      if (c == escape && quote != '\'' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * {@code KEY=VALUE...} pairs; when the first word has no {@code =}, the legacy form {@code KEY
   * VALUE} where the value is the rest of the line. Returns null when a later word has no {@code
   * =}.
   */
  static List<KeyValue> keyValues(String text, char escape, boolean legacyAllowed) {
    List<String> words = words(text, escape);
    List<KeyValue> pairs = new ArrayList<>();
    if (words.isEmpty()) {
      return pairs;
    }
    if (legacyAllowed && !words.get(0).contains("=")) {
      String key = words.get(0);
      String value = text.strip().substring(key.length()).strip();
      pairs.add(new KeyValue(key, value));
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return pairs;
  }

  /** Leading {@code --name=value} or {@code --name} words, removed from {@code words}. */
  static Map<String, String> takeFlags(List<String> words) {
    Map<String, String> flags = new LinkedHashMap<>();
    while (!words.isEmpty() && words.get(0).startsWith("--")) {
      String word = words.remove(0);
      if (word.equals("--")) {
        break;
      }
      int eq = word.indexOf('=');
      flags.put(
          eq < 0 ? word.substring(2) : word.substring(2, eq), eq < 0 ? "" : unquote(word.substring(eq + 1)));
    }
    return flags;
  }

  /** The text after the leading flags, as written. */
  static String afterFlags(String text, char escape) {
    String rest = text.strip();
    while (rest.startsWith("--")) {
      List<String> ws = words(rest, escape);
      rest = rest.substring(ws.get(0).length()).strip();
    }
    return rest;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
