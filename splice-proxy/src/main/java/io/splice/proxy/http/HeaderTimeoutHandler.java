package io.splice.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The slow-header (slowloris) defence, first in a client pipeline: a request head must be complete
 * within the header timeout of its first byte, and a new connection must send one within the
 * timeout of being accepted. Past it the client gets 408 if it sent part of a head, and the
 * connection closes. The timer is not armed while a request is in progress, nor on a keep-alive
 * connection that waits for its next request (the idle timeout covers that). A head whose first
 * byte arrives is timed from that byte, but the timer is only armed if the read that brought it
 * ends without the whole head: most heads arrive in one read, and a timer per request would cost
 * more than the request's own work.
 *
 * <pre>
 * accepted ─▶ armed ─▶ head complete ─▶ (request in progress) ─▶ waiting ─▶ first byte ─▶ armed
 * </pre>
 *
 * Used from the connection's event loop only.
 */
final class HeaderTimeoutHandler extends ChannelInboundHandlerAdapter {

  private final long timeoutNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private boolean busy; // a head is complete and its request not yet done
  private boolean bytesSeen; // of the head being timed
  private long firstByteAt; // System.nanoTime() of the first byte of the head being timed

  HeaderTimeoutHandler(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      arm(); // an accepted connection is active before its pipeline is built
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (timer == null && !busy && !bytesSeen) {
      arm();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!busy && !bytesSeen && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
      bytesSeen = true;
      firstByteAt = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!busy && bytesSeen && timer == null) {
      arm(timeoutNanos - (System.nanoTime() - firstByteAt)); // part of a head: time the rest
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** A request head was decoded: no timer until the connection waits for the next one. */
  void headReceived() {
    busy = true;
    cancel();
  }

  /** The connection waits for a new request; the timer starts with its first byte. */
  void awaitingRequest() {
    busy = false;
    bytesSeen = false;
  }

  private void arm() {
    arm(timeoutNanos);
  }

  private void arm(long delayNanos) {
    cancel();
    timer = ctx.executor().schedule(this::expired, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (busy || !ctx.channel().isActive()) {
      return;
    }
    if (!bytesSeen) {
      ctx.close();
      return;
    }
    ctx.writeAndFlush(
            ProxyResponses.raw(
                HttpResponseStatus.REQUEST_TIMEOUT,
                "request head not received within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms"))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
