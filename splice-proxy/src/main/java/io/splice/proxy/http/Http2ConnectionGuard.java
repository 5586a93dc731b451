package io.splice.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.splice.proxy.transport.EpollRegistration;

/**
 * Last handler of an HTTP/2 client connection: ends it gracefully. When the listener closes ({@link
 * HttpFrontendHandler.CloseWhenIdle}), the client shuts down its sending side, or the connection
 * has had no traffic for the idle timeout, it waits until no stream is open, then sends {@code
 * GOAWAY} and closes: streams in progress finish, and so do streams the client opens meanwhile. The
 * {@code GOAWAY} goes out only once nothing is in flight because some clients (the JDK's HttpClient
 * before Java 23) fail every open stream when they receive one, whatever its last stream id; the
 * proxy's grace period bounds the wait. It also opens the connection's receive window to {@link
 * Http2Frontend#CONNECTION_WINDOW_BYTES}. Used from the connection's event loop only.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {

  private final HttpListener listener;
  private final Http2FrameCodec codec;
  private ChannelHandlerContext ctx;
  private boolean closeRequested;
  private boolean goingAway;

  Http2ConnectionGuard(HttpListener listener, Http2FrameCodec codec) {
    this.listener = listener;
    this.codec = codec;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    codec
        .connection()
        .addListener(
            new Http2ConnectionAdapter() {
              @Override
              public void onStreamClosed(Http2Stream stream) {
                if (closeRequested) {
                  closeIfDone();
                }
              }
            });
    int increment = Http2Frontend.CONNECTION_WINDOW_BYTES - Http2Frontend.STREAM_WINDOW_BYTES;
    if (increment > 0) {
      ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(increment));
    }
    if (listener.isClosing()) {
      goAway();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == HttpFrontendHandler.CloseWhenIdle.INSTANCE
        || event instanceof ChannelInputShutdownEvent) {
      if (event instanceof ChannelInputShutdownEvent) {
        EpollRegistration.keepAfterInputShutdown(ctx.channel()); // streams may still write
      }
      goAway();
    } else if (event instanceof IdleStateEvent) {
      if (codec.connection().numActiveStreams() == 0) {
        goAway();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // the codec already answered protocol errors; resets are routine
  }

  private void goAway() {
    closeRequested = true;
    closeIfDone();
  }

  /** Sends GOAWAY and closes, once no stream is open. */
  private void closeIfDone() {
    if (goingAway || codec.connection().numActiveStreams() > 0) {
      return;
    }
    goingAway = true;
    if (!ctx.channel().isActive()) {
      return;
    }
    // Written after what is queued (the end of the last response), then the connection closes.
    ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
