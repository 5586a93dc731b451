package io.splice.proxy.http;

import io.netty.handler.codec.http.HttpVersion;

/**
 * What the response to a client request depends on, read before the request is rewritten.
 *
 * @param version the client's HTTP version
 * @param keepAlive whether the client asked to keep the connection open
 * @param head whether the method is HEAD (the response has no body)
 * @param requestId the client's {@code X-Request-Id}, or a new one
 * @param upgrade whether the client asked to switch to WebSocket (the upgrade headers are kept)
 */
record RequestInfo(
    HttpVersion version, boolean keepAlive, boolean head, String requestId, boolean upgrade) {

  RequestInfo(HttpVersion version, boolean keepAlive, boolean head, String requestId) {
    this(version, keepAlive, head, requestId, false);
  }
}
