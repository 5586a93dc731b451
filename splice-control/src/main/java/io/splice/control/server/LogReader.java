package io.splice.control.server;

import io.splice.api.LogChunk;
import io.splice.control.apply.LogTail;
import io.splice.control.apply.ReplicaView;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads replicas' log files for {@code splice logs}: the last lines at first, then what was
 * appended after each replica's cursor. A cursor past the end (the file was rotated) starts over.
 */
final class LogReader {
  private static final int MAX_CHUNK = 256 * 1024;

  private LogReader() {}

  static LogChunk read(List<ReplicaView> replicas, int tail, Map<String, Long> after) {
    List<LogChunk.LogLine> lines = new ArrayList<>();
    Map<String, Long> cursors = new HashMap<>();
    for (ReplicaView replica : replicas) {
      long size = size(replica);
      Long cursor = after.get(replica.id());
      if (cursor == null) {
        LogTail.lastLines(replica.logFile(), tail).forEach(line -> lines.add(new LogChunk.LogLine(replica.id(), line)));
        cursors.put(replica.id(), size);
        continue;
      }
      long from = cursor > size ? 0 : cursor;
      cursors.put(replica.id(), from + appendedLines(replica, from, size, lines));
    }
    return new LogChunk(lines, cursors);
  }

  /** Adds the whole lines between {@code from} and {@code size}; returns the bytes consumed. */
  private static long appendedLines(ReplicaView replica, long from, long size, List<LogChunk.LogLine> lines) {
    if (size <= from) {
      return 0;
    }
    try (RandomAccessFile file = new RandomAccessFile(replica.logFile().toFile(), "r")) {
      file.seek(from);
      byte[] bytes = new byte[(int) Math.min(size - from, MAX_CHUNK)];
      file.readFully(bytes);
      int lastNewline = -1;
      for (int i = bytes.length - 1; i >= 0; i--) {
        if (bytes[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      if (lastNewline < 0) {
        return 0;
      }
      String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
      text.lines().forEach(line -> lines.add(new LogChunk.LogLine(replica.id(), line)));
      return lastNewline + 1;
    } catch (IOException e) {
      return 0;
    }
  }

  private static long size(ReplicaView replica) {
    try {
      return Files.exists(replica.logFile()) ? Files.size(replica.logFile()) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Parses {@code id:offset,id:offset}. */
  static Map<String, Long> parseCursors(String raw) {
    Map<String, Long> cursors = new HashMap<>();
    if (raw == null || raw.isBlank()) {
      return cursors;
    }
    for (String pair : raw.split(",")) {
      int colon = pair.lastIndexOf(':');
      if (colon <= 0) {
        throw new ApiError(400, "after: " + raw + " (expected: REPLICA:OFFSET,...)");
      }
      try {
        cursors.put(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8), Long.parseLong(pair.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new ApiError(400, "after: " + raw + " (expected: REPLICA:OFFSET,...)");
      }
    }
    return cursors;
  }
}
