package io.splice.image.dockerfile;

/** The physical lines an instruction spans, counting from 1, including its heredoc bodies. */
public record LineRange(int first, int last) {
  public LineRange {
    if (first < 1 || last < first) {
      throw new IllegalArgumentException("lines: " + first + "-" + last + " (expected: 1 <= first <= last)");
    }
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
