package io.splice.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.splice.proxy.health.OutlierState.Outcome;
import io.splice.proxy.route.RetryPolicy;
import io.splice.proxy.route.RetryPolicy.Failure;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Relay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * writes the request. A buffered request (its whole body in hand) can be written again on another
 * upstream. A streamed request writes its head and what arrived of its body, then each next part as
 * it arrives: the client connection is read again only once the previous part was written to the
 * upstream, so a slow upstream slows the client down instead of filling memory. Once the first
 * write of a streamed request was confirmed it is never retried; its response timeout starts when
 * the last part of the body was written. A failure before any response byte is retried when the {@link
 * io.splice.proxy.route.RetryPolicy} allows it and the service's retry budget grants it; otherwise
 * the client gets 502, or 503 when the service has no upstream at all. The response head must come
 * within the response timeout of the first attempt (504 after it); an attempt without one within
 * the try timeout is abandoned and, for an idempotent request, retried elsewhere. A buffered
 * idempotent request whose response head has a 5xx status ({@link
 * io.splice.proxy.route.RetryPolicy#RETRIED_STATUSES}) is retried elsewhere too, under the same
 * limits, before anything of that response is forwarded: its body is dropped and its connection
 * pooled again or closed; with no retry left the 5xx is forwarded. Each attempt's
 * result feeds the upstream's passive health and latency estimate. Once the head arrived the
 * response streams to the client; the upstream connection is read only while the client connection
 * is writable. Runs on the client connection's event loop only, which is also the loop of every
 * upstream connection it uses.
 */
final class ProxyExchange {

  /**
   * The most body of a retried error response that is read and dropped to keep its connection;
   * a longer one closes the connection instead.
   */
  static final long DISCARD_LIMIT_BYTES = 64 * 1024;

  /** How long dropping a retried error response's body may take before its connection closes. */
  static final Duration DISCARD_TIMEOUT = Duration.ofSeconds(2);

  private enum Stage {
    CONNECTING,
    WAITING,
    STREAMING,
    DONE
  }

  private final HttpFrontendHandler owner;
  private final ChannelHandlerContext client;
  private final IncomingRequest incoming;
  private final FullHttpRequest request; // buffered; null when the body streams
  private final HttpRequest head; // the request head as it is sent upstream
  private final boolean streaming;
  private final RequestInfo info;
  private final Service service;
  private final HttpProxyContext proxy;
  private final List<Upstream> tried = new ArrayList<>(3);
  private Stage stage = Stage.CONNECTING;
  private Upstream upstream; // of the current attempt
  private UpstreamPool pool; // of the current attempt
  private Channel backend; // of the current attempt, once connected
  private boolean attemptOpen; // upstream.begin() was called and end() not yet
  private boolean written; // the request was fully written on the current attempt
  private boolean upstreamKeepAlive;
  private boolean clientKeepAlive;
  private boolean skippingInformational;
  private boolean backendReadPending;
  private final Runnable onTimeout = this::onTimer;
  private Channel timedChannel; // whose response head the timer waits for; null when not armed
  private long deadline; // System.nanoTime() by which the response head must come
  private long attemptStart;
  private boolean budgetSpent;
  // Streaming only:
  private CompositeByteBuf unconfirmed; // body written on this attempt, kept for a retry until confirmed
  private boolean bodyStarted; // the first write was confirmed: no retry from here on
  private boolean lastQueued; // the last part of the body was handed to the upstream connection
  private ChannelFuture lastBodyWrite;
  private boolean readAfterWrite; // a client read waits for lastBodyWrite

  /** {@code incoming} belongs to the exchange from here on; it releases it when done. */
  ProxyExchange(
      HttpFrontendHandler owner,
      IncomingRequest incoming,
      Service service,
      String clientIp,
      String scheme) {
    this.owner = owner;
    this.client = owner.ctx();
    this.proxy = owner.proxy();
    this.incoming = incoming;
    this.service = service;
    this.streaming = !incoming.isComplete();
    if (streaming) {
      this.request = null;
      this.head = incoming.head();
      this.info =
          ForwardedHeaders.prepareRequest(head, incoming.declaredLength(), clientIp, scheme);
    } else {
      this.request = incoming.toFull(client.alloc());
      this.head = request;
      this.info =
          ForwardedHeaders.prepareRequest(
              request, request.content().readableBytes(), clientIp, scheme);
    }
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
    releaseRequest();
  }

  /** Whether this exchange streams the body of {@code request}. */
  boolean streams(IncomingRequest request) {
    return streaming && incoming == request;
  }

  /** Whether the body of a streamed request is still arriving. */
  boolean awaitsRequestBody() {
    return streaming && !incoming.isComplete() && stage != Stage.DONE;
  }

  /** A part of a streamed body arrived from the client. */
  void onRequestContent(HttpContent content) {
    if (stage == Stage.DONE) {
      content.release();
      return;
    }
    if (!incoming.append(content, client.alloc())) {
      requestBodyFailed();
      return;
    }
    if (bodyStarted && backend != null && !lastQueued) {
      forwardBody();
    }
  }

  /** The client's read ended: send on what it brought, and read more once that is written. */
  void onClientReadComplete() {
    if (!streaming || !bodyStarted || backend == null || lastQueued || stage == Stage.DONE) {
      return;
    }
    backend.flush();
    readWhenWritten();
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
    if (message instanceof HttpResponse && !onResponseHead((HttpResponse) message)) {
      return; // given up for another attempt, and released
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
      releaseRequest();
      client.close();
      return;
    }
    attemptFailed(written || bodyStarted ? Failure.NO_RESPONSE : Failure.NOT_SENT, describe(cause));
  }

  private void attempt() {
    List<Upstream> candidates = service.candidates();
    // The traffic group is drawn again for a retry, among the untried: it may go to another group.
    Optional<Upstream> picked =
        proxy
            .balancer()
            .select(service.chooseGroup(tried.isEmpty() ? candidates : untried(candidates)));
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
    pool = proxy.backends().pool(upstream, service.http2Upstreams());
    if (pool == null) {
      attemptFailed(Failure.NOT_SENT, "upstream closed");
      return;
    }
    UpstreamPool attemptPool = pool;
    attemptPool
        .acquire(client.channel().eventLoop())
        .addListener((Future<Channel> f) -> onAcquired(attemptPool, f));
  }

  private void onAcquired(UpstreamPool attemptPool, Future<Channel> connected) {
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
    if (attemptPool.multiplexed()) {
      // Netty's HTTP/2 conversion reads these as instructions; from a client they are not.
      ForwardedHeaders.stripHttp2Extensions(head.headers());
    }
    if (streaming) {
      sendHead(channel);
      channel.read();
      return;
    }
    armTimer(channel, Math.min(proxy.tryTimeout().toNanos(), deadline - System.nanoTime()));
    channel
        .writeAndFlush(outgoingRequest())
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

  /**
   * The buffered request to write on this attempt: its body a duplicate (a retry needs it unread),
   * its headers the same object, not the copy that {@code retainedDuplicate()} would make.
   */
  private FullHttpRequest outgoingRequest() {
    return new DefaultFullHttpRequest(
        request.protocolVersion(),
        request.method(),
        request.uri(),
        request.content().retainedDuplicate(),
        request.headers(),
        request.trailingHeaders());
  }

  /**
   * Writes the head of a streamed request and the body that arrived so far. What is written is
   * kept until the write is confirmed, so that a connection that fails before can be replaced.
   */
  private void sendHead(Channel channel) {
    if (unconfirmed == null) {
      unconfirmed = client.alloc().compositeBuffer(Integer.MAX_VALUE);
    }
    unconfirmed.addComponent(true, incoming.take(client.alloc()));
    boolean last = incoming.isComplete();
    channel.write(head);
    ChannelFuture write = channel.writeAndFlush(bodyPart(unconfirmed.retainedDuplicate(), last));
    lastQueued = last;
    write.addListener(
        (ChannelFuture f) -> {
          if (f.channel() != backend || stage == Stage.DONE) {
            return;
          }
          if (!f.isSuccess()) {
            if (stage == Stage.WAITING) {
              lastQueued = false;
              attemptFailed(Failure.NOT_SENT, describe(f.cause()));
            }
            return;
          }
          bodyStarted = true;
          unconfirmed.release();
          unconfirmed = null;
          if (last) {
            onBodySent(f.channel());
            return;
          }
          forwardBody();
          f.channel().flush();
          readWhenWritten();
        });
  }

  /** Writes what arrived of a streamed body since the last write (without flushing). */
  private void forwardBody() {
    boolean last = incoming.isComplete();
    if (incoming.buffered() == 0 && !last) {
      return;
    }
    Channel channel = backend;
    lastQueued = last;
    lastBodyWrite = channel.write(bodyPart(incoming.take(client.alloc()), last));
    if (last) {
      channel.flush();
      lastBodyWrite.addListener(
          (ChannelFuture f) -> {
            if (f.isSuccess() && f.channel() == backend && stage != Stage.DONE) {
              onBodySent(f.channel());
            }
          });
    }
  }

  private HttpContent bodyPart(ByteBuf bytes, boolean last) {
    if (!last) {
      return new DefaultHttpContent(bytes);
    }
    DefaultLastHttpContent part = new DefaultLastHttpContent(bytes);
    part.trailingHeaders().set(incoming.trailers());
    return part;
  }

  /** Reads the client again once the last body write is done (the back-pressure). */
  private void readWhenWritten() {
    if (readAfterWrite || incoming.isComplete()) {
      return;
    }
    ChannelFuture write = lastBodyWrite;
    if (write == null || write.isDone()) {
      client.read();
      return;
    }
    readAfterWrite = true;
    write.addListener(
        (ChannelFuture f) -> {
          readAfterWrite = false;
          if (f.isSuccess() && stage != Stage.DONE && !incoming.isComplete()) {
            client.read();
          }
        });
  }

  /** The whole streamed body is written: the response timeout starts now. */
  private void onBodySent(Channel channel) {
    written = true;
    if (stage != Stage.WAITING) {
      return; // the response head came first
    }
    deadline = System.nanoTime() + proxy.responseTimeout().toNanos();
    armTimer(channel, Math.min(proxy.tryTimeout().toNanos(), deadline - System.nanoTime()));
  }

  /** The client sent a bad body part or too large a body: answer it and close. */
  private void requestBodyFailed() {
    if (stage == Stage.STREAMING) {
      stage = Stage.DONE;
      closeBackend();
      endAttempt(false);
      releaseRequest();
      client.close();
      return;
    }
    cancelResponseTimer();
    closeBackend();
    endAttempt(false);
    stage = Stage.DONE;
    ChannelFuture write =
        client.writeAndFlush(
            ProxyResponses.error(incoming.failureStatus(), incoming.failure(), info, false));
    finish(write, false);
  }

  /**
   * A response head came. Returns false when it was given up (a retried error status) and the
   * message released, true when the exchange goes on with it.
   */
  private boolean onResponseHead(HttpResponse response) {
    if (info.upgrade() && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      switchProtocols(response);
      return true;
    }
    if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      skippingInformational = true; // 100 Continue and the like: the client already had its own
      return true;
    }
    cancelResponseTimer();
    if (pool.multiplexed()) {
      ForwardedHeaders.stripHttp2Extensions(response.headers());
    }
    long took = System.nanoTime() - attemptStart;
    int status = response.status().code();
    upstream.observeLatency(took);
    upstream.recorder().response(status, took);
    service.recordResponse(upstream, status, took);
    if (status >= 500) {
      service.recordOutcome(upstream, Outcome.SERVER_ERROR, String.valueOf(status));
    } else {
      service.recordOutcome(upstream, Outcome.SUCCESS, ""); // a success needs no detail
    }
    if (retriesStatus(status) && mayRetry(Failure.ERROR_STATUS)) {
      // Counted above like any response; the attempt ends as failed and the client sees nothing.
      discardResponse(response);
      endAttempt(true);
      attempt();
      return false;
    }
    stage = Stage.STREAMING;
    upstreamKeepAlive = HopByHop.isKeepAlive(response);
    boolean keepAlive = info.keepAlive() && owner.keepAliveAllowed();
    clientKeepAlive = ForwardedHeaders.prepareResponse(response, info, keepAlive);
    client.write(response);
    return true;
  }

  /**
   * Whether a response head with {@code status} may be given up for another attempt: a status of
   * {@link io.splice.proxy.route.RetryPolicy#RETRIED_STATUSES}, on a buffered request (a streamed
   * body cannot be sent again) that was fully written. The method, the attempts left, an untried
   * upstream and the retry budget are checked by {@link #mayRetry}.
   */
  private boolean retriesStatus(int status) {
    return !streaming && written && RetryPolicy.isRetriedStatus(status);
  }

  /**
   * Lets go of the connection of a response that will not be forwarded: a complete one, or one
   * whose body is announced small enough, is read to its end and the connection pooled again;
   * anything else closes the connection.
   */
  private void discardResponse(HttpResponse response) {
    Channel channel = backend;
    UpstreamPool attemptPool = pool;
    backend = null;
    backendReadPending = false;
    BackendHandler handler = channel.pipeline().get(BackendHandler.class);
    boolean reusable =
        !attemptPool.multiplexed() // a stream is reset: nothing to keep
            && HttpUtil.isKeepAlive(response)
            && handler != null
            && (head.method().equals(HttpMethod.HEAD)
                || HttpUtil.getContentLength(response, 0L) <= DISCARD_LIMIT_BYTES);
    if (!reusable) {
      if (handler != null) {
        handler.unbind();
      }
      channel.close();
    } else if (response instanceof LastHttpContent) {
      attemptPool.release(channel); // the body came with the head: nothing left to read
    } else {
      handler.discard(
          channel, (ConnectionPool) attemptPool, DISCARD_LIMIT_BYTES, DISCARD_TIMEOUT.toNanos());
    }
    ReferenceCountUtil.release(response);
  }

  /**
   * The upstream accepted a WebSocket upgrade: the 101 goes to the client with its upgrade headers,
   * then both connections drop their HTTP handlers and relay bytes until either side closes. The
   * attempt stays open (the upstream counts the tunnel as in flight, so that draining waits for
   * it up to the drain timeout) and ends when the tunnel closes.
   */
  private void switchProtocols(HttpResponse response) {
    cancelResponseTimer();
    long took = System.nanoTime() - attemptStart;
    int status = response.status().code();
    upstream.observeLatency(took);
    upstream.recorder().response(status, took);
    service.recordResponse(upstream, status, took);
    service.recordOutcome(upstream, Outcome.SUCCESS, String.valueOf(status));
    stage = Stage.DONE;
    Channel tunnel = backend;
    backend = null;
    Upstream attemptUpstream = upstream;
    attemptOpen = false;
    tunnel.closeFuture().addListener(f -> attemptUpstream.end(false));
    ForwardedHeaders.prepareUpgradeResponse(response, info);
    client.write(response);
    client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    releaseRequest();
    owner.upgraded(this);
    Channel clientChannel = client.channel();
    for (String name : List.of("proxy", "checks", "header", "idle")) {
      if (clientChannel.pipeline().get(name) != null) {
        clientChannel.pipeline().remove(name);
      }
    }
    tunnel.pipeline().remove(BackendHandler.class);
    Relay.join(clientChannel, tunnel);
    // Last, so that bytes they hold beyond the HTTP messages go through the relays.
    clientChannel.pipeline().remove("codec");
    tunnel.pipeline().remove("codec");
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

  /** Arms the attempt's timer: the try timeout, or what is left of the response timeout. */
  private void armTimer(Channel channel, long delayNanos) {
    timedChannel = channel;
    owner.deadlines().arm(delayNanos, onTimeout);
  }

  /** The try timeout or the response timeout passed, whichever was armed. */
  private void onTimer() {
    Channel channel = timedChannel;
    timedChannel = null;
    if (channel == null || channel != backend || stage != Stage.WAITING) {
      return;
    }
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
    if (bodyStarted) {
      return false; // part of a streamed body is gone: it cannot be sent again
    }
    if (!proxy.retryPolicy().shouldRetry(head.method().name(), failure, tried.size())) {
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
    boolean keepAlive =
        info.keepAlive() && owner.keepAliveAllowed() && (!streaming || incoming.isComplete());
    String message = "service " + service.name() + ": " + reason;
    ChannelFuture write =
        client.writeAndFlush(ProxyResponses.error(status, message, info, keepAlive));
    finish(write, keepAlive);
  }

  private void finish(ChannelFuture lastWrite, boolean keepAlive) {
    releaseRequest();
    owner.exchangeDone(this, lastWrite, keepAlive);
  }

  private void releaseRequest() {
    if (request != null) {
      if (request.refCnt() > 0) {
        request.release();
      }
    } else {
      incoming.release();
    }
    if (unconfirmed != null) {
      unconfirmed.release();
      unconfirmed = null;
    }
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
    if (timedChannel != null) {
      timedChannel = null;
      owner.deadlines().disarm(onTimeout);
    }
  }
}
