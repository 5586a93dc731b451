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
  private final Map<Upstream, Http2ConnectionPool> http2Pools = new ConcurrentHashMap<>();

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

  /**
   * The same for an upstream that speaks HTTP/2 in clear text ({@code h2c}) when {@code http2}: its
   * requests go as streams over few connections.
   */
  public void open(Upstream upstream, boolean http2) {
    pool(upstream, http2);
  }

  /** Closes the connections of an upstream that reached {@code CLOSED}. */
  public void close(Upstream upstream) {
    ConnectionPool pool = pools.remove(upstream);
    if (pool != null) {
      pool.close();
    }
    Http2ConnectionPool http2 = http2Pools.remove(upstream);
    if (http2 != null) {
      http2.close();
    }
  }

  /** Closes every connection to every upstream. */
  public void closeAll() {
    pools.keySet().forEach(this::close);
    http2Pools.keySet().forEach(this::close);
  }

  /** Connections open to {@code upstream}, idle or in use, HTTP/1.1 and HTTP/2. */
  public int openConnections(Upstream upstream) {
    ConnectionPool pool = pools.get(upstream);
    Http2ConnectionPool http2 = http2Pools.get(upstream);
    return (pool == null ? 0 : pool.openConnections())
        + (http2 == null ? 0 : http2.openConnections());
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

  /**
   * Where the requests to {@code upstream} go: its HTTP/2 streams when {@code http2}, else its
   * HTTP/1.1 connections; null when the upstream is closed.
   */
  UpstreamPool pool(Upstream upstream, boolean http2) {
    if (!http2) {
      return pool(upstream);
    }
    if (upstream.state() == Upstream.State.CLOSED) {
      return null;
    }
    Http2ConnectionPool pool =
        http2Pools.computeIfAbsent(
            upstream,
            u -> new Http2ConnectionPool(u, transport, connectTimeout, idleTimeout, maxHeaderBytes));
    if (upstream.state() == Upstream.State.CLOSED) {
      close(upstream);
      return null;
    }
    return pool;
  }

  /** The HTTP/1.1 pool of {@code upstream}, or null when the upstream is closed. */
  ConnectionPool pool(Upstream upstream) {
    if (upstream.state() == Upstream.State.CLOSED) {
      return null;
    }
    ConnectionPool pool = pools.get(upstream); // the usual case, without a capturing lambda
    if (pool == null) {
      pool =
          pools.computeIfAbsent(
              upstream,
              u -> new ConnectionPool(u, transport, connectTimeout, idleTimeout, maxHeaderBytes));
    }
    if (upstream.state() == Upstream.State.CLOSED) {
      close(upstream); // closed while the pool was created: do not keep it
      return null;
    }
    return pool;
  }
}
