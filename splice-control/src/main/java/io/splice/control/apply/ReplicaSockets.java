package io.splice.control.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the replicas of a {@code unix_socket} service listen: one socket file per replica, named
 * after it, in the state directory. The daemon clears a stale file before a start, since a server
 * cannot bind a path that exists, and removes it when the replica goes.
 */
final class ReplicaSockets {
  /** The kernel's limit for a socket path ({@code sun_path} holds 108 bytes with its terminator). */
  static final int MAX_PATH_BYTES = 107;

  private final Path dir;

  ReplicaSockets(Path dir) {
    this.dir = dir;
  }

  Path of(String replicaId) {
    return dir.resolve(replicaId + ".sock");
  }

  /** The replica's socket path, ready to bind; an exception's message says why it is not. */
  Path prepare(String replicaId) throws IOException {
    Path socket = of(replicaId);
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new IOException("its socket path " + socket + " is longer than the kernel's " + MAX_PATH_BYTES
          + " bytes; use a shorter state directory (SPLICE_HOME) or service name");
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(socket);
    return socket;
  }

  void remove(String replicaId) {
    try {
      Files.deleteIfExists(of(replicaId));
    } catch (IOException e) {
      System.out.println("cannot remove " + of(replicaId) + ": " + e.getMessage());
    }
  }
}
