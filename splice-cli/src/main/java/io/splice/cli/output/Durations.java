package io.splice.cli.output;

/** Short human durations for tables: {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 3d4h}. */
public final class Durations {
  private Durations() {}

  public static String format(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }
    return seconds / 86400 + "d" + seconds % 86400 / 3600 + "h";
  }
}
