package io.splice.spec.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string into words the way a POSIX shell does, without running a
 * shell: {@code java -jar "my app.jar"} is {@code [java, -jar, my app.jar]}. Single quotes keep
 * everything; in double quotes and outside quotes a backslash escapes the next character. Compose
 * reads {@code command} and {@code entrypoint} strings like this.
 */
final class ShellWords {
  private ShellWords() {}

  /** The words of {@code text}, or null when a quote is not closed. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        if (quote == '"' && next != '"' && next != '\\' && next != '$' && next != '`') {
          word.append(c);
        }
        if (next != '\n') {
          word.append(next);
        }
        inWord = true;
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      return null;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
