package io.splice.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

/**
 * Last handler of an upstream connection. While an exchange holds the connection it receives every
 * response part, read completion and failure; while the connection sits in the pool, any byte from
 * the upstream is unexpected and closes it, and an idle timer is pending. Used from the
 * connection's event loop only.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

  private ProxyExchange exchange;
  private ScheduledFuture<?> idleTimer;

  /** The connection now belongs to {@code owner}. */
  void bind(ProxyExchange owner) {
    cancelIdleTimer();
    exchange = owner;
  }

  /** The connection no longer belongs to an exchange. */
  void unbind() {
    exchange = null;
  }

  /** The connection went back to the pool; {@code timer} closes it if it stays unused. */
  void idle(ScheduledFuture<?> timer) {
    cancelIdleTimer();
    idleTimer = timer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
    ProxyExchange owner = exchange;
    if (owner != null) {
      owner.onBackendReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelIdleTimer();
    ProxyExchange owner = exchange;
    exchange = null;
    if (owner != null) {
      owner.onBackendFailure(ctx.channel(), new IOException("upstream closed the connection"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ProxyExchange owner = exchange;
    exchange = null;
    if (owner != null) {
      owner.onBackendFailure(ctx.channel(), cause);
    }
    ctx.close();
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }
}
