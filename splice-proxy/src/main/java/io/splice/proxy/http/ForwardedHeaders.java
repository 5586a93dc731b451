package io.splice.proxy.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.UUID;

/**
 * Rewrites headers on the way through: hop-by-hop headers (RFC 9110 section 7.6.1, plus the
 * pre-standard ones) are removed in both directions, requests gain {@code X-Forwarded-For}, {@code
 * X-Forwarded-Proto} and {@code X-Request-Id}, and the response framing is set for the client
 * connection (which may differ from the upstream's).
 */
final class ForwardedHeaders {

  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

  private ForwardedHeaders() {}

  /**
   * Prepares a client request for an upstream, in place, and returns what the response needs. The
   * body is complete (buffered), so it is sent with a {@code Content-Length}.
   */
  static RequestInfo prepareRequest(FullHttpRequest request, SocketAddress client, String scheme) {
    return prepareRequest(request, request.content().readableBytes(), clientIp(client), scheme);
  }

  /**
   * Prepares a client request head for an upstream, in place, and returns what the response needs.
   *
   * @param bodyLength the body's length, sent as {@code Content-Length}; -1 when it is not known
   *     (a streamed chunked body), sent {@code chunked}
   * @param clientIp the client's address as {@link #clientIp} gives it
   */
  static RequestInfo prepareRequest(
      HttpRequest request, long bodyLength, String clientIp, String scheme) {
    HttpHeaders headers = request.headers();
    boolean upgrade = isWebSocketUpgrade(headers);
    RequestInfo info =
        new RequestInfo(
            request.protocolVersion(),
            HopByHop.isKeepAlive(request),
            HttpMethod.HEAD.equals(request.method()),
            requestId(headers),
            upgrade);
    HopByHop.strip(headers);
    if (upgrade) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    }
    if (bodyLength < 0) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      HttpUtil.setTransferEncodingChunked(request, true);
    } else if (bodyLength == 0 && !expectsBody(request.method())) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    } else {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
    }
    String forwardedFor =
        headers.contains(X_FORWARDED_FOR)
            ? String.join(", ", headers.getAll(X_FORWARDED_FOR)).strip()
            : "";
    headers.set(
        X_FORWARDED_FOR, forwardedFor.isEmpty() ? clientIp : forwardedFor + ", " + clientIp);
    headers.set(X_FORWARDED_PROTO, scheme);
    headers.set(X_REQUEST_ID, info.requestId());
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    return info;
  }

  /**
   * Whether the request asks to switch to WebSocket: {@code Connection} names {@code upgrade} and
   * {@code Upgrade} is {@code websocket}.
   */
  static boolean isWebSocketUpgrade(HttpHeaders headers) {
    return headers.contains(HttpHeaderNames.UPGRADE) // cheap, and absent from almost every request
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * Prepares an upstream response head for the client, in place. Returns whether the client
   * connection stays open after it: {@code keepAlive}, unless the body can only be delimited by
   * closing the connection (no length, HTTP/1.0 client).
   */
  static boolean prepareResponse(HttpResponse response, RequestInfo info, boolean keepAlive) {
    HttpHeaders headers = response.headers();
    HopByHop.strip(headers);
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (!hasNoBody(response.status(), info) && !HttpUtil.isContentLengthSet(response)) {
      if (info.version().equals(HttpVersion.HTTP_1_1)) {
        HttpUtil.setTransferEncodingChunked(response, true);
      } else {
        keepAlive = false;
      }
    }
    if (!headers.contains(X_REQUEST_ID)) {
      headers.set(X_REQUEST_ID, info.requestId());
    }
    setConnection(headers, info, keepAlive);
    return keepAlive;
  }

  /** Prepares a {@code 101 Switching Protocols} for the client: the upgrade headers stay. */
  static void prepareUpgradeResponse(HttpResponse response, RequestInfo info) {
    HttpHeaders headers = response.headers();
    HopByHop.strip(headers);
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    if (!headers.contains(X_REQUEST_ID)) {
      headers.set(X_REQUEST_ID, info.requestId());
    }
  }

  /** Sets {@code Connection} for a response to the client. */
  static void setConnection(HttpHeaders headers, RequestInfo info, boolean keepAlive) {
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (info.version().equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      headers.remove(HttpHeaderNames.CONNECTION);
    }
  }

  /**
   * Removes the {@code x-http2-*} headers that Netty's HTTP/2 to HTTP/1 conversion adds (stream id,
   * scheme): they describe the hop, not the message.
   */
  static void stripHttp2Extensions(HttpHeaders headers) {
    for (HttpConversionUtil.ExtensionHeaderNames name :
        HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(name.text());
    }
  }

  private static String requestId(HttpHeaders headers) {
    String id = headers.get(X_REQUEST_ID);
    return id == null || id.isBlank() ? newRequestId() : id.strip();
  }

  /**
   * A random version-4 UUID from the thread's own generator: a request id needs to be unique, not
   * unguessable, and {@code UUID.randomUUID()} takes a lock on a shared SecureRandom per request.
   */
  static String newRequestId() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static boolean expectsBody(HttpMethod method) {
    return HttpMethod.POST.equals(method)
        || HttpMethod.PUT.equals(method)
        || HttpMethod.PATCH.equals(method);
  }

  private static boolean hasNoBody(HttpResponseStatus status, RequestInfo info) {
    int code = status.code();
    return info.head() || code / 100 == 1 || code == 204 || code == 304;
  }

  /** The client's IP address as {@code X-Forwarded-For} names it. */
  static String clientIp(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      InetSocketAddress inet = (InetSocketAddress) address;
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return "unknown";
  }
}
