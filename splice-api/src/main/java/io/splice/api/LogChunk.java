package io.splice.api;

import java.util.List;
import java.util.Map;

/**
 * Log lines of a service's replicas, and where to continue from.
 *
 * @param cursors per replica, the byte offset after the last line returned; pass them back to follow
 */
public record LogChunk(List<LogLine> lines, Map<String, Long> cursors) {

  /** One line of one replica's output. */
  public record LogLine(String replica, String line) {}
}
