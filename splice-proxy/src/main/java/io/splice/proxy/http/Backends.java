package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection pools of all upstreams, one per {@link Upstream} object, created on first use and
 * closed when the upstream closes (end of its drain) or the proxy stops.
 */
public final class Backends {

  private final Transport transport;
  private final Duration connectTimeout;
  private final Duration idleTimeout;
  private final int maxHeaderBytes;
  private final Map<Upstream, ConnectionPool> pools = new ConcurrentHashMap<>();

  /**
   * @param connectTimeout a connect that takes longer fails the attempt (and it is retried)
   * @param idleTimeout a pooled connection unused this long is closed
   */
  public Backends(
      Transport transport, Duration connectTimeout, Duration idleTimeout, int maxHeaderBytes) {
    this.transport = requireNonNull(transport, "transport");
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.maxHeaderBytes = maxHeaderBytes;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Creates the pool of {@code upstream} ahead of its first request, so that its host name is
   * resolved on the calling thread rather than on an event loop.
   */
  public void open(Upstream upstream) {
    pool(upstream);
  }

  /** Closes the connections of an upstream that reached {@code CLOSED}. */
  public void close(Upstream upstream) {
    ConnectionPool pool = pools.remove(upstream);
    if (pool != null) {
      pool.close();
    }
  }

  /** Closes every connection to every upstream. */
  public void closeAll() {
    pools.keySet().forEach(this::close);
  }

  /** Connections open to {@code upstream}, idle or in use. */
  public int openConnections(Upstream upstream) {
    ConnectionPool pool = pools.get(upstream);
    return pool == null ? 0 : pool.openConnections();
  }

  /**
   * A new raw connection to {@code upstream} on {@code loop}, for a byte tunnel: no HTTP handlers,
   * half-close allowed, closed when the upstream closes. Fails at once when the upstream is closed.
   */
  public Future<Channel> openTunnel(Upstream upstream, EventLoop loop) {
    ConnectionPool pool = pool(upstream);
    if (pool == null) {
      return loop.newFailedFuture(new UpstreamClosedException(upstream));
    }
    return pool.openTunnel(loop);
  }

  /** The pool of {@code upstream}, or null when the upstream is closed. */
  ConnectionPool pool(Upstream upstream) {
    if (upstream.state() == Upstream.State.CLOSED) {
      return null;
    }
    ConnectionPool pool =
        pools.computeIfAbsent(
            upstream,
            u -> new ConnectionPool(u, transport, connectTimeout, idleTimeout, maxHeaderBytes));
    if (upstream.state() == Upstream.State.CLOSED) {
      close(upstream); // closed while the pool was created: do not keep it
      return null;
    }
    return pool;
  }
}
