package io.splice.proxy.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to one upstream, kept per event loop so that a client connection and the
 * upstream connection serving it share a thread and never hand buffers across threads. Each event
 * loop's idle queue is touched only from that loop. Idle connections have a pending read, so an
 * upstream closing one is noticed and the connection leaves the pool; an idle connection unused for
 * the idle timeout is closed.
 */
final class ConnectionPool implements UpstreamPool {

  private final Upstream upstream;
  private final Bootstrap bootstrap;
  private final long idleTimeoutNanos;
  private final Map<EventLoop, IdleConnections> idle = new ConcurrentHashMap<>();
  private final PoolConnections opened = new PoolConnections();

  ConnectionPool(
      Upstream upstream,
      Transport transport,
      Duration connectTimeout,
      Duration idleTimeout,
      int maxHeaderBytes) {
    this.upstream = upstream;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.bootstrap =
        UpstreamAddress.bootstrap(transport, upstream)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .handler(new BackendInitializer(maxHeaderBytes));
  }

  Upstream upstream() {
    return upstream;
  }

  /**
   * A connection on {@code loop}: an idle pooled one, else a new one. The future completes on
   * {@code loop}.
   */
  @Override
  public Future<Channel> acquire(EventLoop loop) {
    Promise<Channel> promise = loop.newPromise();
    // One pass through the loop's task queue before a pooled connection is taken: the I/O events
    // already waiting (an upstream that closed an idle connection) are handled first, so such a
    // connection has left the pool instead of being handed out and failing the request.
    loop.execute(() -> acquireNow(loop, promise));
    return promise;
  }

  /**
   * A new raw connection on {@code loop} for a byte tunnel (TCP mode): no HTTP handlers, half-close
   * allowed, never pooled, but closed with the pool (when the upstream's drain ends).
   */
  Future<Channel> openTunnel(EventLoop loop) {
    Promise<Channel> promise = loop.newPromise();
    if (opened.closed()) {
      return promise.setFailure(new UpstreamClosedException(upstream));
    }
    ChannelFuture connecting =
        bootstrap
            .clone(loop)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {}
                })
            .connect();
    track(connecting.channel());
    connecting.addListener(
        done -> {
          if (done.isSuccess()) {
            promise.trySuccess(connecting.channel());
          } else {
            promise.tryFailure(done.cause());
          }
        });
    return promise;
  }

  /** Returns a healthy connection after a complete exchange; call on the connection's loop. */
  @Override
  public void release(Channel channel) {
    BackendHandler handler = channel.pipeline().get(BackendHandler.class);
    if (opened.closed() || !channel.isActive() || handler == null) {
      channel.close();
      return;
    }
    handler.unbind();
    IdleConnections queue = idle.get(channel.eventLoop());
    if (queue == null) {
      queue =
          idle.computeIfAbsent(
              channel.eventLoop(), loop -> new IdleConnections(loop, idleTimeoutNanos));
    }
    queue.add(channel, handler);
    channel.read(); // so that a close by the upstream is seen while the connection is idle
  }

  @Override
  public boolean multiplexed() {
    return false;
  }

  /** Closes every connection, idle or in use, and refuses new ones. */
  @Override
  public void close() {
    opened.closeAll();
  }

  @Override
  public int openConnections() {
    return opened.count();
  }

  private void acquireNow(EventLoop loop, Promise<Channel> promise) {
    if (opened.closed()) {
      promise.tryFailure(new UpstreamClosedException(upstream));
      return;
    }
    IdleConnections queue = idle.get(loop);
    if (queue != null) {
      Channel pooled;
      while ((pooled = queue.pollNewest()) != null) {
        if (pooled.isActive()) {
          promise.trySuccess(pooled);
          return;
        }
      }
    }
    connect(loop, promise);
  }

  private void track(Channel channel) {
    opened.add(
        channel,
        () -> {
          IdleConnections queue = idle.get(channel.eventLoop());
          if (queue != null) {
            queue.remove(channel);
          }
        });
  }

  private void connect(EventLoop loop, Promise<Channel> promise) {
    ChannelFuture connecting = bootstrap.clone(loop).connect();
    track(connecting.channel());
    connecting.addListener(
        done -> {
          if (done.isSuccess()) {
            promise.trySuccess(connecting.channel());
          } else {
            promise.tryFailure(done.cause());
          }
        });
  }
}
