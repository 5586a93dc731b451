package io.splice.runtime.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Caps a replica's log file by copy-and-truncate: the replica keeps writing to the same file (it
 * holds it open in append mode, so its next write lands at the new end), and older output moves to
 * {@code NAME.1} … {@code NAME.K}.
 */
public final class LogRotator {
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_KEEP = 3;

  private final long maxBytes;
  private final int keep;

  public LogRotator(long maxBytes, int keep) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 1)");
    }
    if (keep < 1) {
      throw new IllegalArgumentException("keep: " + keep + " (expected: >= 1)");
    }
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  /** Rotates {@code log} when it has grown past the cap; returns whether it did. */
  public boolean rotateIfNeeded(Path log) throws IOException {
    if (!Files.exists(log) || Files.size(log) <= maxBytes) {
      return false;
    }
    for (int i = keep - 1; i >= 1; i--) {
      Path older = sibling(log, i);
      if (Files.exists(older)) {
        Files.move(older, sibling(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.copy(log, sibling(log, 1), StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    return true;
  }

  static Path sibling(Path log, int index) {
    return log.resolveSibling(log.getFileName() + "." + index);
  }
}
