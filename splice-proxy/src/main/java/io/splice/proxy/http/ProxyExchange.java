package io.splice.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.splice.proxy.health.OutlierState.Outcome;
import io.splice.proxy.route.RetryPolicy.Failure;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One client request on its way through the proxy, from the choice of an upstream to the last byte
 * of the response.
 *
 * <pre>
 * attempt ─▶ CONNECTING ─▶ WAITING ─▶ STREAMING ─▶ DONE
 *    ▲           │            │            │
 *    └─ retry ◀──┴────────────┘            └─ cut off: the client connection closes
 * </pre>
 *
 * <p>An attempt picks an untried upstream in rotation, takes a pooled connection (or opens one) and
 * writes the buffered request. A failure before any response byte is retried when the {@link
 * io.splice.proxy.route.RetryPolicy} allows it and the service's retry budget grants it; otherwise
 * the client gets 502, or 503 when the service has no upstream at all. The response head must come
 * within the response timeout of the first attempt (504 after it); an attempt without one within
 * the try timeout is abandoned and, for an idempotent request, retried elsewhere. Each attempt's
 * result feeds the upstream's passive health and latency estimate. Once the head arrived the
 * response streams to the client; the upstream connection is read only while the client connection
 * is writable. Runs on the client connection's event loop only, which is also the loop of every
 * upstream connection it uses.
 */
final class ProxyExchange {

  private enum Stage {
    CONNECTING,
    WAITING,
    STREAMING,
    DONE
  }

  private final HttpFrontendHandler owner;
  private final ChannelHandlerContext client;
  private final FullHttpRequest request;
  private final RequestInfo info;
  private final Service service;
  private final HttpProxyContext proxy;
  private final List<Upstream> tried = new ArrayList<>(3);
  private Stage stage = Stage.CONNECTING;
  private Upstream upstream; // of the current attempt
  private ConnectionPool pool; // of the current attempt
  private Channel backend; // of the current attempt, once connected
  private boolean attemptOpen; // upstream.begin() was called and end() not yet
  private boolean written; // the request was fully written on the current attempt
  private boolean upstreamKeepAlive;
  private boolean clientKeepAlive;
  private boolean skippingInformational;
  private boolean backendReadPending;
  private ScheduledFuture<?> responseTimer; // the attempt's: try timeout or what is left
  private final long deadline; // System.nanoTime() by which the response head must come
  private long attemptStart;
  private boolean budgetSpent;

  /** {@code request} belongs to the exchange from here on; it releases it when done. */
  ProxyExchange(
      HttpFrontendHandler owner, FullHttpRequest request, RequestInfo info, Service service) {
    this.owner = owner;
    this.client = owner.ctx();
    this.proxy = owner.proxy();
    this.request = request;
    this.info = info;
    this.service = service;
    this.deadline = System.nanoTime() + proxy.responseTimeout().toNanos();
  }

  void start() {
    attempt();
  }

  /** The client connection closed: stop, count nothing as an upstream failure. */
  void abort() {
    if (stage == Stage.DONE) {
      return;
    }
    stage = Stage.DONE;
    cancelResponseTimer();
    closeBackend();
    endAttempt(false);
    request.release();
  }

  void onClientWritable() {
    if (backendReadPending && backend != null) {
      backendReadPending = false;
      backend.read();
    }
  }

  void onBackendMessage(HttpObject message) {
    if (stage == Stage.DONE || stage == Stage.CONNECTING) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message.decoderResult().isFailure()) {
      ReferenceCountUtil.release(message);
      onBackendFailure(backend, message.decoderResult().cause());
      return;
    }
    if (message instanceof HttpResponse) {
      onResponseHead((HttpResponse) message);
    }
    if (message instanceof HttpContent) {
      onResponseContent((HttpContent) message);
    }
  }

  void onBackendReadComplete() {
    if (backend == null) {
      return;
    }
    if (stage == Stage.STREAMING) {
      client.flush();
      if (!client.channel().isWritable()) {
        backendReadPending = true; // resumed by onClientWritable()
        return;
      }
    }
    backend.read();
  }

  void onBackendFailure(Channel channel, Throwable cause) {
    if (channel != backend || stage == Stage.DONE) {
      return;
    }
    if (stage == Stage.STREAMING) {
      // The client already has part of the response: the only honest signal left is to close.
      stage = Stage.DONE;
      closeBackend();
      endAttempt(true);
      service.recordFailure();
      request.release();
      client.close();
      return;
    }
    attemptFailed(written ? Failure.NO_RESPONSE : Failure.NOT_SENT, describe(cause));
  }

  private void attempt() {
    List<Upstream> candidates = service.candidates();
    Optional<Upstream> picked =
        proxy.balancer().select(tried.isEmpty() ? candidates : untried(candidates));
    if (picked.isEmpty()) {
      if (tried.isEmpty()) {
        respondError(HttpResponseStatus.SERVICE_UNAVAILABLE, "no upstream available");
      } else {
        respondError(
            HttpResponseStatus.BAD_GATEWAY, "upstream failed (" + tried.size() + " attempts)");
      }
      return;
    }
    upstream = picked.get();
    tried.add(upstream);
    attemptStart = System.nanoTime();
    upstream.begin();
    attemptOpen = true;
    written = false;
    stage = Stage.CONNECTING;
    pool = proxy.backends().pool(upstream);
    if (pool == null) {
      attemptFailed(Failure.NOT_SENT, "upstream closed");
      return;
    }
    ConnectionPool attemptPool = pool;
    attemptPool
        .acquire(client.channel().eventLoop())
        .addListener((Future<Channel> f) -> onAcquired(attemptPool, f));
  }

  private void onAcquired(ConnectionPool attemptPool, Future<Channel> connected) {
    if (stage != Stage.CONNECTING || attemptPool != pool) {
      if (connected.isSuccess()) {
        attemptPool.release(connected.getNow()); // the exchange ended meanwhile
      }
      return;
    }
    if (!connected.isSuccess()) {
      attemptFailed(Failure.NOT_SENT, describe(connected.cause()));
      return;
    }
    Channel channel = connected.getNow();
    backend = channel;
    channel.pipeline().get(BackendHandler.class).bind(this);
    stage = Stage.WAITING;
    armTimer(channel, Math.min(proxy.tryTimeout().toNanos(), deadline - System.nanoTime()));
    channel
        .writeAndFlush(request.retainedDuplicate())
        .addListener(
            (ChannelFuture f) -> {
              if (f.channel() != backend) {
                return;
              }
              if (f.isSuccess()) {
                written = true;
              } else if (stage == Stage.WAITING) {
                attemptFailed(Failure.NOT_SENT, describe(f.cause()));
              }
            });
    channel.read();
  }

  private void onResponseHead(HttpResponse response) {
    if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      skippingInformational = true; // 100 Continue and the like: the client already had its own
      return;
    }
    cancelResponseTimer();
    long took = System.nanoTime() - attemptStart;
    int status = response.status().code();
    upstream.observeLatency(took);
    upstream.recorder().response(status, took);
    service.recordOutcome(
        upstream, status >= 500 ? Outcome.SERVER_ERROR : Outcome.SUCCESS, String.valueOf(status));
    stage = Stage.STREAMING;
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    boolean keepAlive = info.keepAlive() && owner.keepAliveAllowed();
    clientKeepAlive = ForwardedHeaders.prepareResponse(response, info, keepAlive);
    client.write(response);
  }

  private void onResponseContent(HttpContent content) {
    if (skippingInformational) {
      content.release();
      skippingInformational = !(content instanceof LastHttpContent);
      return;
    }
    if (stage != Stage.STREAMING) {
      content.release();
      return;
    }
    if (!(content instanceof LastHttpContent)) {
      client.write(content);
      return;
    }
    stage = Stage.DONE;
    Channel channel = backend;
    backend = null;
    channel.pipeline().get(BackendHandler.class).unbind();
    endAttempt(false);
    ChannelFuture lastWrite = client.writeAndFlush(content);
    if (upstreamKeepAlive && written) {
      pool.release(channel);
    } else {
      channel.close();
    }
    finish(lastWrite, clientKeepAlive);
  }

  private void armTimer(Channel channel, long delayNanos) {
    responseTimer =
        client
            .executor()
            .schedule(() -> onTimer(channel), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** The try timeout or the response timeout passed, whichever was armed. */
  private void onTimer(Channel channel) {
    if (channel != backend || stage != Stage.WAITING) {
      return;
    }
    responseTimer = null;
    long left = deadline - System.nanoTime();
    if (left > 0) {
      if (mayRetry(Failure.TRY_TIMEOUT)) {
        failAttempt(Outcome.SERVER_ERROR, "no response head within the try timeout");
        attempt();
      } else {
        armTimer(channel, left); // nowhere else to go: wait for this one until the deadline
      }
      return;
    }
    failAttempt(Outcome.SERVER_ERROR, "response timeout");
    respondError(
        HttpResponseStatus.GATEWAY_TIMEOUT,
        "upstream did not answer within " + proxy.responseTimeout().toMillis() + " ms");
  }

  private void attemptFailed(Failure failure, String detail) {
    failAttempt(
        failure == Failure.NOT_SENT ? Outcome.CONNECT_FAILURE : Outcome.SERVER_ERROR, detail);
    if (mayRetry(failure)) {
      attempt();
    } else {
      respondError(
          HttpResponseStatus.BAD_GATEWAY,
          "upstream failed ("
              + tried.size()
              + (tried.size() == 1 ? " attempt" : " attempts")
              + (budgetSpent ? "; retry budget spent" : "")
              + ")");
    }
  }

  /** Ends the current attempt as failed and reports it to passive health and telemetry. */
  private void failAttempt(Outcome outcome, String detail) {
    cancelResponseTimer();
    closeBackend();
    if (attemptOpen) {
      upstream.recorder().failure(System.nanoTime() - attemptStart);
      service.recordOutcome(upstream, outcome, detail);
    }
    endAttempt(true);
  }

  /**
   * Whether the request may be tried again after this failure: the retry policy allows it, an
   * upstream in rotation is left untried, and the service's retry budget grants it.
   */
  private boolean mayRetry(Failure failure) {
    if (!proxy.retryPolicy().shouldRetry(request.method().name(), failure, tried.size())) {
      return false;
    }
    if (untried(service.candidates()).isEmpty()) {
      return false;
    }
    if (!service.tryRetry()) {
      budgetSpent = true;
      return false;
    }
    return true;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private void respondError(HttpResponseStatus status, String reason) {
    stage = Stage.DONE;
    cancelResponseTimer();
    service.recordFailure();
    boolean keepAlive = info.keepAlive() && owner.keepAliveAllowed();
    String message = "service " + service.name() + ": " + reason;
    ChannelFuture write =
        client.writeAndFlush(ProxyResponses.error(status, message, info, keepAlive));
    finish(write, keepAlive);
  }

  private void finish(ChannelFuture lastWrite, boolean keepAlive) {
    request.release();
    owner.exchangeDone(this, lastWrite, keepAlive);
  }

  private List<Upstream> untried(List<Upstream> active) {
    List<Upstream> left = new ArrayList<>(active.size());
    for (Upstream candidate : active) {
      if (!tried.contains(candidate)) {
        left.add(candidate);
      }
    }
    return left;
  }

  private void endAttempt(boolean failed) {
    if (attemptOpen) {
      attemptOpen = false;
      upstream.end(failed);
    }
  }

  private void closeBackend() {
    Channel channel = backend;
    backend = null;
    backendReadPending = false;
    if (channel != null) {
      BackendHandler handler = channel.pipeline().get(BackendHandler.class);
      if (handler != null) {
        handler.unbind();
      }
      channel.close();
    }
  }

  private void cancelResponseTimer() {
    if (responseTimer != null) {
      responseTimer.cancel(false);
      responseTimer = null;
    }
  }
}
