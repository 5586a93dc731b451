package io.splice.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a prune from deleting what a running build uses: builds share the lock on {@code
 * STORE/.lock}, a prune takes it alone and gives up when a build holds it. Builds in other
 * processes hold an fcntl lock; builds in this process share one, counted, as the JVM allows a
 * file one lock per process.
 */
public final class StoreLock implements AutoCloseable {
  /** Shared locks this process holds, by lock file. */
  private static final Map<Path, Held> SHARED = new HashMap<>();

  private final Path file;
  private final FileLock exclusive;

  private record Held(FileChannel channel, FileLock lock, int count) {}

  private StoreLock(Path file, FileLock exclusive) {
    this.file = file;
    this.exclusive = exclusive;
  }

  /**
   * A build's lock: waits while a prune runs. On a file system without locks (some network file
   * systems) the build goes ahead without one; only a prune needs it.
   */
  public static StoreLock shared(Path storeDir) throws IOException {
    Path file = lockFile(storeDir);
    synchronized (SHARED) {
      Held held = SHARED.get(file);
      if (held == null) {
        FileChannel channel = open(file);
        try {
          held = new Held(channel, channel.lock(0, Long.MAX_VALUE, true), 0);
        } catch (IOException e) {
          channel.close();
          return new StoreLock(null, null);
        } catch (RuntimeException e) {
          channel.close();
          throw e;
        }
      }
      SHARED.put(file, new Held(held.channel(), held.lock(), held.count() + 1));
    }
    return new StoreLock(file, null);
  }

  /** A prune's lock, or null when a build holds the store. */
  public static StoreLock exclusive(Path storeDir) throws IOException {
    Path file = lockFile(storeDir);
    synchronized (SHARED) {
      if (SHARED.containsKey(file)) {
        return null;
      }
      FileChannel channel = open(file);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return null;
      }
      return new StoreLock(file, lock);
    }
  }

  @Override
  public void close() throws IOException {
    if (exclusive != null) {
      exclusive.channel().close();
      return;
    }
    if (file == null) {
      return; // no lock was taken
    }
    synchronized (SHARED) {
      Held held = SHARED.remove(file);
      if (held.count() > 1) {
        SHARED.put(file, new Held(held.channel(), held.lock(), held.count() - 1));
      } else {
        held.channel().close();
      }
    }
  }

  private static Path lockFile(Path storeDir) throws IOException {
    Files.createDirectories(storeDir);
    return storeDir.resolve(".lock").toAbsolutePath().normalize();
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
