package io.splice.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Last handler of an upstream connection. While an exchange holds the connection it receives every
 * response part, read completion and failure; while the connection sits in the pool, any byte from
 * the upstream is unexpected and closes it. A response that an
 * exchange gave up on (a 5xx it retried elsewhere) can be discarded: the rest of its body is read
 * and dropped, then the connection goes back to the pool. Used from the connection's event loop
 * only.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

  private ProxyExchange exchange;
  private long idleSince; // System.nanoTime() when it last went back to the pool
  private ConnectionPool discardPool; // non-null while the rest of a response is dropped
  private long discardLeft; // bytes still allowed before giving up and closing
  private ScheduledFuture<?> discardTimer;

  /** The connection now belongs to {@code owner}. */
  void bind(ProxyExchange owner) {
    exchange = owner;
  }

  /** The connection no longer belongs to an exchange. */
  void unbind() {
    exchange = null;
  }

  /**
   * The response in progress is not wanted: its remaining body parts are dropped, then the
   * connection goes back to {@code pool}. It is closed instead when more than {@code maxBytes}
   * of body arrive, when the body is not complete within {@code timeoutNanos}, or on any error.
   */
  void discard(Channel channel, ConnectionPool pool, long maxBytes, long timeoutNanos) {
    exchange = null;
    discardPool = pool;
    discardLeft = maxBytes;
    discardTimer =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  if (discardPool != null) {
                    stopDiscarding();
                    channel.close();
                  }
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
    channel.read();
  }

  /** The connection went back to the pool at {@code nanoTime} ({@link IdleConnections}). */
  void idleSince(long nanoTime) {
    idleSince = nanoTime;
  }

  long idleSince() {
    return idleSince;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discardPool != null) {
      discarded(ctx, msg);
      return;
    }
    ProxyExchange owner = exchange;
    if (owner == null || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    owner.onBackendMessage((HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (discardPool != null) {
      ctx.read(); // the connection does not auto-read
      return;
    }
    ProxyExchange owner = exchange;
    if (owner != null) {
      owner.onBackendReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopDiscarding();
    ProxyExchange owner = exchange;
    exchange = null;
    if (owner != null) {
      owner.onBackendFailure(ctx.channel(), new IOException("upstream closed the connection"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stopDiscarding();
    ProxyExchange owner = exchange;
    exchange = null;
    if (owner != null) {
      owner.onBackendFailure(ctx.channel(), cause);
    }
    ctx.close();
  }

  private void discarded(ChannelHandlerContext ctx, Object msg) {
    boolean part =
        msg instanceof HttpContent && !((HttpContent) msg).decoderResult().isFailure();
    if (part) {
      discardLeft -= ((HttpContent) msg).content().readableBytes();
    }
    boolean last = msg instanceof LastHttpContent;
    ReferenceCountUtil.release(msg);
    if (!part || discardLeft < 0) {
      stopDiscarding(); // broken, or too long to be worth reading: a new connection is cheaper
      ctx.close();
      return;
    }
    if (last) {
      ConnectionPool pool = discardPool;
      stopDiscarding();
      pool.release(ctx.channel());
    }
  }

  private void stopDiscarding() {
    discardPool = null;
    if (discardTimer != null) {
      discardTimer.cancel(false);
      discardTimer = null;
    }
  }
}
