package io.splice.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a decoded request head before it is aggregated, on top of the codec's own checks (line
 * and header sizes, conflicting {@code Content-Length}s, chunk sizes): the number of header fields,
 * and the transfer codings. A head that fails is marked with a {@link RejectedRequest}; the
 * frontend answers it and closes the connection. Also tells the header timer that the head is in.
 *
 * <p>Transfer codings (RFC 9112 section 6): {@code chunked} must be the final one, else the body
 * length is unknown and the rest of the connection could be read as another request (400); a
 * coding before it is not supported (501); {@code Transfer-Encoding} together with {@code
 * Content-Length} is a smuggling shape (400).
 */
final class RequestChecks extends ChannelInboundHandlerAdapter {

  private static final String CHUNKED = "chunked";

  private final int maxHeaderCount;
  private final HeaderTimeoutHandler headerTimeout; // null on an HTTP/2 stream

  RequestChecks(int maxHeaderCount, HeaderTimeoutHandler headerTimeout) {
    this.maxHeaderCount = maxHeaderCount;
    this.headerTimeout = headerTimeout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      if (headerTimeout != null) {
        headerTimeout.headReceived();
      }
      HttpRequest request = (HttpRequest) msg;
      if (request.decoderResult().isSuccess()) {
        RejectedRequest rejected = check(request);
        if (rejected != null) {
          request.setDecoderResult(DecoderResult.failure(rejected));
        }
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Why {@code request} is refused, or null when it passes. */
  RejectedRequest check(HttpRequest request) {
    if (request.headers().size() > maxHeaderCount) {
      return new RejectedRequest(
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          request.headers().size() + " header fields (expected: <= " + maxHeaderCount + ")");
    }
    if (!request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return null; // most requests: nothing to split
    }
    List<String> codings = codings(request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING));
    if (codings.isEmpty()) {
      return null;
    }
    if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return new RejectedRequest(
          HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding together with Content-Length");
    }
    if (!CHUNKED.equals(codings.get(codings.size() - 1))) {
      return new RejectedRequest(
          HttpResponseStatus.BAD_REQUEST,
          "Transfer-Encoding: " + String.join(", ", codings) + " (expected: chunked last)");
    }
    if (codings.size() > 1) {
      return new RejectedRequest(
          HttpResponseStatus.NOT_IMPLEMENTED,
          "Transfer-Encoding: " + String.join(", ", codings) + " (expected: chunked only)");
    }
    return null;
  }

  private static List<String> codings(List<String> values) {
    List<String> codings = new ArrayList<>(1);
    for (String value : values) {
      for (String token : value.split(",", -1)) {
        codings.add(token.strip().toLowerCase(Locale.ROOT));
      }
    }
    return codings;
  }
}
