package io.splice.spec.load;

import java.util.Collection;
import java.util.Locale;

/** Finds the word a user probably meant, by edit distance: {@code replcas} is {@code replicas}. */
final class Suggestions {
  private Suggestions() {}

  /** The closest of {@code candidates} to {@code word}, or null when none is close enough. */
  static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= allowed(word) ? best : null;
  }

  /** {@code " (did you mean 'x'?)"}, or {@code " (expected: one of a, b, c)"} when nothing is close. */
  static String hint(String word, Collection<String> candidates) {
    String closest = closest(word, candidates);
    return closest != null
        ? " (did you mean '" + closest + "'?)"
        : " (expected: one of " + String.join(", ", candidates) + ")";
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static int allowed(String word) {
    if (word.length() <= 3) {
      return 1;
    }
    return word.length() <= 6 ? 2 : 3;
  }
}
