package io.splice.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.proxy.admin.ProxyConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last applied config on disk, so that a restarted proxy serves before the control plane pushes
 * anything. Written to a temporary file in the same directory, forced to disk, then moved over the
 * old one atomically: a reader sees the old file or the new one, never half of one.
 */
final class ConfigFile {

  private final Path file;
  private final ObjectMapper json;

  ConfigFile(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  Path path() {
    return file;
  }

  /** The saved config, or empty when there is none. */
  Optional<ProxyConfig> read() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(json.readValue(file.toFile(), ProxyConfig.class));
  }

  void write(ProxyConfig config) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    forceDirectory(dir);
  }

  /** Makes the rename itself durable; not every platform lets a directory be opened. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the file content is already on disk
    }
  }
}
