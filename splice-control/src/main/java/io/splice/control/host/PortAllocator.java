package io.splice.control.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out ports from a range: each one checked free by binding it on 127.0.0.1 and recorded, so
 * that two replicas never get the same port even before they bind it.
 */
public final class PortAllocator {
  /** Replicas' own ports. Override with {@code SPLICE_REPLICA_PORTS=FROM-TO}. */
  public static final String DEFAULT_REPLICA_RANGE = "20000-29999";
  /** Stable service ports, when the spec gives none. Override with {@code SPLICE_SERVICE_PORTS=FROM-TO}. */
  public static final String DEFAULT_SERVICE_RANGE = "18000-18999";

  private final int from;
  private final int to;
  private final Set<Integer> taken = new HashSet<>();

  public PortAllocator(String range) {
    String[] bounds = range.split("-");
    if (bounds.length != 2) {
      throw new IllegalArgumentException("port range: " + range + " (expected: FROM-TO)");
    }
    this.from = Integer.parseInt(bounds[0].trim());
    this.to = Integer.parseInt(bounds[1].trim());
    if (from < 1024 || to > 65535 || from > to) {
      throw new IllegalArgumentException("port range: " + range + " (expected: 1024 <= FROM <= TO <= 65535)");
    }
  }

  /** Marks a port as used by us (adopted replicas, stored service ports). */
  public synchronized void reserve(int port) {
    taken.add(port);
  }

  public synchronized void release(int port) {
    taken.remove(port);
  }

  /** A free port from the range, starting at a random place so that daemons side by side rarely collide. */
  public synchronized int allocate() {
    int size = to - from + 1;
    int start = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int port = from + (start + i) % size;
      if (!taken.contains(port) && isFree("127.0.0.1", port)) {
        taken.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port left in " + from + "-" + to);
  }

  /** Whether nothing listens on {@code host:port} now. */
  public static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
