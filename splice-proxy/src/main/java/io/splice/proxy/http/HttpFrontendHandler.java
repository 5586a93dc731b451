package io.splice.proxy.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.splice.proxy.route.Service;
import io.splice.proxy.transport.EpollRegistration;
import java.util.ArrayDeque;

/**
 * Last handler of a client connection: turns each request into a {@link ProxyExchange} and runs
 * them one at a time, in order (HTTP/1.1 pipelining is honoured, not parallelised).
 *
 * <p>A request whose body fits in {@link ClientLimits#maxBufferedBodyBytes()} starts once it is
 * complete, so that it can be retried; a larger one (by its {@code Content-Length}, or once that
 * much of a chunked body arrived) starts at once and its body streams through the exchange.
 *
 * <p>The connection does not auto-read. It reads while it waits for a request (or for the rest of a
 * buffered body) and stops while an exchange runs; a streaming exchange asks for each next part of
 * its body once the previous one was written upstream. So a client cannot pile up requests or body
 * bytes faster than they are served. It closes when the client or the response asks for it, when it
 * stays idle too long, or when its listener goes away ({@link CloseWhenIdle}) or the client shuts
 * down its sending side (half-close): then after the response in progress, never in the middle of
 * one. {@code Expect: 100-continue} is answered when the request's turn comes.
 *
 * <p>On an HTTP/2 connection there is one such handler per stream ({@link Mode#STREAM}), behind
 * {@code Http2StreamFrameToHttpObjectCodec}: it serves the stream's one request the same way, then
 * closes the stream channel (which resets the stream only if the client is still sending).
 */
final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {

  /** Ask a client connection to close as soon as it has no request in progress. */
  enum CloseWhenIdle {
    INSTANCE
  }

  /** What the channel of the handler is. */
  enum Mode {
    /** An HTTP/1.1 connection, read from its {@code channelActive}. */
    CONNECTION,
    /** An HTTP/1.1 connection set up later (after a TLS handshake): read once the handler is added. */
    CONNECTION_STARTED,
    /** One HTTP/2 stream: one request, then the stream channel closes. */
    STREAM
  }

  private final HttpListener listener;
  private final HttpProxyContext proxy;
  private final HeaderTimeoutHandler headerTimeout; // null on an HTTP/2 stream
  private final String scheme;
  private final Mode mode;
  private final ArrayDeque<IncomingRequest> pending = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private IncomingRequest receiving; // the request whose body parts arrive now
  private ProxyExchange current;
  private boolean closeRequested;
  private boolean closing; // the connection closes after what is being written: ignore the rest
  private DeadlineTimer deadlines; // the response timers of its exchanges; made on first use
  private String clientIp; // for X-Forwarded-For; looked up once per connection

  /**
   * @param headerTimeout the connection's header timer; null on an HTTP/2 stream
   * @param scheme sent upstream as {@code X-Forwarded-Proto}: {@code "http"} or {@code "https"}
   */
  HttpFrontendHandler(
      HttpListener listener,
      HttpProxyContext proxy,
      HeaderTimeoutHandler headerTimeout,
      String scheme,
      Mode mode) {
    this.listener = listener;
    this.proxy = proxy;
    this.headerTimeout = headerTimeout;
    this.scheme = scheme;
    this.mode = mode;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (mode == Mode.CONNECTION_STARTED) {
      start();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (mode != Mode.CONNECTION_STARTED) {
      start();
    }
    ctx.fireChannelActive();
  }

  private void start() {
    closeRequested = listener.isClosing(); // accepted just as the listener was closed
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest) {
      if (mode == Mode.STREAM) {
        ForwardedHeaders.stripHttp2Extensions(((HttpRequest) msg).headers());
      }
      receiving = new IncomingRequest((HttpRequest) msg, proxy.limits().maxRequestBodyBytes());
      pending.add(receiving);
    }
    if (msg instanceof HttpContent) {
      onContent((HttpContent) msg);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
    if (current == null && !closing) {
      next();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onClientReadComplete();
    }
    ctx.fireChannelReadComplete();
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
      if (event instanceof ChannelInputShutdownEvent) {
        EpollRegistration.keepAfterInputShutdown(ctx.channel());
      }
      closeRequested = true;
      closeIfIdle();
    } else if (event instanceof IdleStateEvent) {
      if (current != null && current.awaitsRequestBody()) {
        ctx.close(); // a streamed body stalled for the whole idle timeout
      } else {
        closeIfIdle();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    closeDeadlines(); // upgraded to HTTP/2 or WebSocket
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeDeadlines();
    if (current != null) {
      current.abort();
      current = null;
    }
    receiving = null;
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

  /** The timer its exchanges wait for response heads with, one at a time. */
  DeadlineTimer deadlines() {
    if (deadlines == null) {
      deadlines = new DeadlineTimer(ctx.executor());
    }
    return deadlines;
  }

  private void closeDeadlines() {
    if (deadlines != null) {
      deadlines.close();
    }
  }

  /** Whether the response in progress may keep the connection open. */
  boolean keepAliveAllowed() {
    return !closeRequested;
  }

  /**
   * Called by {@code exchange} once its last response byte is written (or failed to be). A
   * streamed request whose body did not all arrive closes the connection.
   */
  void exchangeDone(ProxyExchange exchange, ChannelFuture lastWrite, boolean keepAlive) {
    if (exchange != current) {
      return;
    }
    current = null;
    if (receiving != null && !pending.contains(receiving)) {
      receiving = null; // the rest of a streamed body that nobody will read
      keepAlive = false;
    }
    if (mode == Mode.STREAM) {
      // One request per stream. Closing resets the stream only if the client is still sending.
      closing = true;
      releasePending();
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!keepAlive || (closeRequested && pending.isEmpty())) {
      closing = true;
      releasePending();
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    next();
  }

  /** Called by a streaming exchange when its connection switched protocols: nothing more here. */
  void upgraded(ProxyExchange exchange) {
    if (exchange == current) {
      current = null;
      closing = true;
      receiving = null;
      releasePending();
    }
  }

  /** A body part: to the exchange streaming its request, or held with its request. */
  private void onContent(HttpContent content) {
    IncomingRequest request = receiving;
    if (request == null) {
      content.release(); // after a request that failed or was answered early
      return;
    }
    if (content instanceof LastHttpContent) {
      receiving = null;
    }
    if (current != null && current.streams(request)) {
      current.onRequestContent(content);
      return;
    }
    request.append(content, ctx.alloc());
  }

  private void next() {
    IncomingRequest request = pending.peek();
    if (request == null) {
      if (closeRequested) {
        ctx.close();
      } else {
        if (headerTimeout != null) {
          headerTimeout.awaitingRequest();
        }
        ctx.read();
      }
      return;
    }
    HttpRequest head = request.head();
    if (head.decoderResult().isFailure()) {
      Throwable cause = head.decoderResult().cause();
      reject(rejectionStatus(cause), "bad request: " + cause.getMessage());
      return;
    }
    if (HttpMethod.CONNECT.equals(head.method())) {
      reject(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
      return;
    }
    ClientLimits limits = proxy.limits();
    if (request.declaredLength() > limits.maxRequestBodyBytes()) {
      reject(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body of "
              + request.declaredLength()
              + " bytes (expected: <= "
              + limits.maxRequestBodyBytes()
              + ")");
      return;
    }
    if (request.failure() != null) {
      reject(request.failureStatus(), request.failure());
      return;
    }
    String expect = head.headers().get(HttpHeaderNames.EXPECT);
    if (expect != null && !request.continueAnswered()) {
      boolean continueExpected = HttpUtil.is100ContinueExpected(head);
      if (head.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0 && !continueExpected) {
        reject(HttpResponseStatus.EXPECTATION_FAILED, "Expect: " + expect + " (expected: 100-continue)");
        return;
      }
      request.continueAnswered(true);
      head.headers().remove(HttpHeaderNames.EXPECT);
      if (!request.isComplete() && continueExpected) {
        ctx.writeAndFlush(
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      }
    }
    boolean streaming = !request.isComplete();
    if (streaming && !request.exceeds(limits.maxBufferedBodyBytes())) {
      ctx.read(); // more of a body that will be buffered whole
      return;
    }
    pending.poll();
    Service service = listener.service();
    service.recordRequest();
    if (clientIp == null) {
      clientIp = ForwardedHeaders.clientIp(ctx.channel().remoteAddress());
    }
    current = new ProxyExchange(this, request, service, clientIp, scheme);
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
    closing = true;
    receiving = null;
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
    IncomingRequest request;
    while ((request = pending.poll()) != null) {
      request.release();
    }
  }
}
