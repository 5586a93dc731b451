package io.splice.proxy.http;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every connection a pool opened, idle or in use, on any event loop: what the pool counts and what
 * closing it closes. Once closed, a connection added later (opened while the pool was closing) is
 * closed at once.
 */
final class PoolConnections {
  private final Set<Channel> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Counts {@code channel} until it closes, then runs {@code onClose} too. */
  void add(Channel channel, Runnable onClose) {
    all.add(channel);
    channel.closeFuture().addListener(future -> {
      all.remove(channel);
      onClose.run();
    });
    if (closed) {
      channel.close(); // closeAll() ran between the caller's check and add(): it may have missed this one
    }
  }

  boolean closed() {
    return closed;
  }

  void closeAll() {
    closed = true;
    for (Channel channel : all) {
      channel.close();
    }
  }

  int count() {
    return all.size();
  }
}
