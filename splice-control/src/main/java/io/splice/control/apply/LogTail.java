package io.splice.control.apply;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the end of a log file without reading all of it. */
public final class LogTail {
  private static final int MAX_LINE = 300;

  private LogTail() {}

  /** The last {@code count} lines of {@code file}, oldest first; empty when there is no file. */
  public static List<String> lastLines(Path file, int count) {
    if (!Files.exists(file) || count <= 0) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long window = Math.min(length, (long) (count + 1) * 512);
      while (true) {
        raf.seek(length - window);
        byte[] bytes = new byte[(int) window];
        raf.readFully(bytes);
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        int complete = window == length ? lines.length : lines.length - 1;
        if (complete > count || window == length || window >= 4L * 1024 * 1024) {
          List<String> result = new ArrayList<>();
          int end = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
          for (int i = Math.max(lines.length - complete, end - count); i < end; i++) {
            result.add(lines[i]);
          }
          return result;
        }
        window = Math.min(length, window * 4);
      }
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last non-blank line, cut to a readable length. */
  public static Optional<String> lastLine(Path file) {
    List<String> lines = lastLines(file, 5);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()) {
        return Optional.of(line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "…");
      }
    }
    return Optional.empty();
  }
}
