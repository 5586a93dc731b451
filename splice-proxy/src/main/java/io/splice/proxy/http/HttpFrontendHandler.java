package io.splice.proxy.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.splice.proxy.route.Service;
import java.util.ArrayDeque;

/**
 * Last handler of a client connection: turns each complete request into a {@link ProxyExchange} and
 * runs them one at a time, in order (HTTP/1.1 pipelining is honoured, not parallelised).
 *
 * <p>The connection does not auto-read. It reads while it waits for a request and stops while an
 * exchange runs, so a client cannot pile up requests faster than they are served. It closes when
 * the client or the response asks for it, when it stays idle too long, or when its listener goes
 * away ({@link CloseWhenIdle}) or the client shuts down its sending side (half-close): then after
 * the response in progress, never in the middle of one.
 */
final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {

  /** Ask a client connection to close as soon as it has no request in progress. */
  enum CloseWhenIdle {
    INSTANCE
  }

  private static final String SCHEME = "http";

  private final HttpListener listener;
  private final HttpProxyContext proxy;
  private final HeaderTimeoutHandler headerTimeout;
  private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private ProxyExchange current;
  private boolean closeRequested;

  HttpFrontendHandler(
      HttpListener listener, HttpProxyContext proxy, HeaderTimeoutHandler headerTimeout) {
    this.listener = listener;
    this.proxy = proxy;
    this.headerTimeout = headerTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    closeRequested = listener.isClosing(); // accepted just as the listener was closed
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    pending.add((FullHttpRequest) msg);
    if (current == null) {
      next();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && current != null) {
      current.onClientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == CloseWhenIdle.INSTANCE || event instanceof ChannelInputShutdownEvent) {
      // A client that shut down its sending side still gets the responses to what it sent.
      closeRequested = true;
      closeIfIdle();
    } else if (event instanceof IdleStateEvent) {
      closeIfIdle();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.abort();
      current = null;
    }
    releasePending();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // resets and aborted clients are routine for a proxy; nothing to report
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  HttpProxyContext proxy() {
    return proxy;
  }

  /** Whether the response in progress may keep the connection open. */
  boolean keepAliveAllowed() {
    return !closeRequested;
  }

  /** Called by {@code exchange} once its last response byte is written (or failed to be). */
  void exchangeDone(ProxyExchange exchange, ChannelFuture lastWrite, boolean keepAlive) {
    if (exchange != current) {
      return;
    }
    current = null;
    if (!keepAlive || (closeRequested && pending.isEmpty())) {
      releasePending();
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    next();
  }

  private void next() {
    FullHttpRequest request = pending.poll();
    if (request == null) {
      if (closeRequested) {
        ctx.close();
      } else {
        headerTimeout.awaitingRequest();
        ctx.read();
      }
      return;
    }
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      request.release();
      reject(rejectionStatus(cause), "bad request: " + cause.getMessage());
      return;
    }
    if (HttpMethod.CONNECT.equals(request.method())) {
      request.release();
      reject(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
      return;
    }
    Service service = listener.service();
    service.recordRequest();
    RequestInfo info =
        ForwardedHeaders.prepareRequest(request, ctx.channel().remoteAddress(), SCHEME);
    current = new ProxyExchange(this, request, info, service);
    current.start();
  }

  /** 414 for a request line too long, 431 for headers too large, else 400 or the check's own. */
  static HttpResponseStatus rejectionStatus(Throwable cause) {
    if (cause instanceof RejectedRequest) {
      return ((RejectedRequest) cause).status();
    }
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    return HttpResponseStatus.BAD_REQUEST;
  }

  private void reject(HttpResponseStatus status, String message) {
    releasePending();
    ctx.writeAndFlush(ProxyResponses.badRequest(status, message))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void closeIfIdle() {
    if (current == null && pending.isEmpty()) {
      ctx.close();
    }
  }

  private void releasePending() {
    FullHttpRequest request;
    while ((request = pending.poll()) != null) {
      request.release();
    }
  }
}
