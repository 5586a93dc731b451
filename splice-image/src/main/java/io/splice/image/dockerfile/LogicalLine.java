package io.splice.image.dockerfile;

import java.util.List;

/** One instruction's text with continuations joined, before it is parsed. */
record LogicalLine(LineRange lines, String text, List<Heredoc> heredocs) {
  /** The keyword as written, for example {@code copy}. */
  String keyword() {
    int end = 0;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(0, end);
  }

  /** The text after the keyword, leading whitespace removed. */
  String rest() {
    return text.substring(keyword().length()).strip();
  }
}
