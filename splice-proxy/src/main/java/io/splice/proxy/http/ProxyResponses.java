package io.splice.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the proxy writes itself: short plain-text errors that name the service. */
final class ProxyResponses {

  private ProxyResponses() {}

  /** An error response with {@code message} as its body, e.g. "service catalog: no upstream". */
  static FullHttpResponse error(
      HttpResponseStatus status, String message, RequestInfo info, boolean keepAlive) {
    ByteBuf body = Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(ForwardedHeaders.X_REQUEST_ID, info.requestId());
    ForwardedHeaders.setConnection(response.headers(), info, keepAlive);
    return response;
  }

  /**
   * The same as bytes, for a handler in front of the codec (or a connection without one): the
   * connection is closed after it.
   */
  static ByteBuf raw(HttpResponseStatus status, String message) {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
  }

  /** An error for a request that could not be parsed; the connection is closed after it. */
  static FullHttpResponse badRequest(HttpResponseStatus status, String message) {
    RequestInfo info = new RequestInfo(HttpVersion.HTTP_1_1, false, false, "-");
    FullHttpResponse response = error(status, message, info, false);
    response.headers().remove(ForwardedHeaders.X_REQUEST_ID);
    return response;
  }
}
