package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void split_wordsQuotesAndEscapes() {
    assertThat(ShellWords.split("  java  -jar app.jar ")).containsExactly("java", "-jar", "app.jar");
    assertThat(ShellWords.split("echo 'a b' \"c d\" e\\ f")).containsExactly("echo", "a b", "c d", "e f");
    assertThat(ShellWords.split("sh -c 'echo \"$HOME\"'")).containsExactly("sh", "-c", "echo \"$HOME\"");
    assertThat(ShellWords.split("a\"b\"c ''")).containsExactly("abc", "");
    assertThat(ShellWords.split("\"a \\\" \\n\"")).containsExactly("a \" \\n");
    assertThat(ShellWords.split("")).isEmpty();
  }

  @Test
  void split_unclosedQuote_isNull() {
    assertThat(ShellWords.split("nginx -g 'daemon off;")).isNull();
    assertThat(ShellWords.split("echo \"open")).isNull();
  }
}
