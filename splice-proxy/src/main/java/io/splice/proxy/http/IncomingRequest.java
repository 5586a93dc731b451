package io.splice.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A client request as it arrives: its head, then its body in parts. The parts not yet sent on are
 * kept here. A request whose body is complete within the buffer limit becomes one {@link
 * FullHttpRequest} (so that it can be retried); a larger one streams to its upstream, and this
 * holds only what arrived and was not written yet.
 *
 * <pre>
 * head ─▶ body parts ─▶ complete          (buffered: ≤ maxBufferedBodyBytes)
 *              └─▶ over the buffer limit   (streamed: parts pass through as they arrive)
 * </pre>
 *
 * Used from the client connection's event loop only.
 */
final class IncomingRequest {

  private final HttpRequest head;
  private final long declaredLength; // Content-Length, or -1 (chunked or none)
  private final long maxBodyBytes;
  private CompositeByteBuf body; // parts received and not yet taken
  private long received;
  private boolean complete;
  private boolean continueAnswered;
  private HttpHeaders trailers = EmptyHttpHeaders.INSTANCE;
  private HttpResponseStatus failureStatus;
  private String failure;

  IncomingRequest(HttpRequest head, long maxBodyBytes) {
    this.head = head;
    this.maxBodyBytes = maxBodyBytes;
    this.declaredLength = head.decoderResult().isSuccess() ? HttpUtil.getContentLength(head, -1L) : -1;
  }

  HttpRequest head() {
    return head;
  }

  /** The body length the client announced, or -1 when it did not ({@code chunked}). */
  long declaredLength() {
    return declaredLength;
  }

  /** Whether the last part of the body arrived. */
  boolean isComplete() {
    return complete;
  }

  /** Body bytes received so far, taken or not. */
  long received() {
    return received;
  }

  /** Whether the request is too large to be held whole and must stream. */
  boolean exceeds(int bufferLimit) {
    return declaredLength > bufferLimit || received > bufferLimit;
  }

  /** Body bytes held now (received and not taken). */
  int buffered() {
    return body == null ? 0 : body.readableBytes();
  }

  /** Why the request cannot go on (a bad part, too large), or null. */
  String failure() {
    return failure;
  }

  HttpResponseStatus failureStatus() {
    return failureStatus;
  }

  boolean continueAnswered() {
    return continueAnswered;
  }

  void continueAnswered(boolean answered) {
    continueAnswered = answered;
  }

  /**
   * Adds a body part and releases it. Returns false when the request failed with it: a part the
   * codec could not decode (400), or the body passed the maximum (413).
   */
  boolean append(HttpContent part, ByteBufAllocator alloc) {
    try {
      if (failure != null || complete) {
        return failure == null;
      }
      if (part.decoderResult().isFailure()) {
        fail(HttpResponseStatus.BAD_REQUEST, "bad request: " + part.decoderResult().cause().getMessage());
        return false;
      }
      ByteBuf content = part.content();
      int bytes = content.readableBytes();
      received += bytes;
      if (received > maxBodyBytes) {
        fail(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "request body over " + maxBodyBytes + " bytes");
        return false;
      }
      if (bytes > 0) {
        if (body == null) {
          body = alloc.compositeBuffer(Integer.MAX_VALUE);
        }
        body.addComponent(true, content.retain());
      }
      if (part instanceof LastHttpContent) {
        complete = true;
        trailers = ((LastHttpContent) part).trailingHeaders();
      }
      return true;
    } finally {
      part.release();
    }
  }

  void fail(HttpResponseStatus status, String reason) {
    if (failure == null) {
      failureStatus = status;
      failure = reason;
    }
  }

  /** The body held now, taken out (the caller releases it); empty when none. */
  ByteBuf take(ByteBufAllocator alloc) {
    CompositeByteBuf taken = body;
    body = null;
    return taken == null ? Unpooled.EMPTY_BUFFER : taken; // shared: a GET allocates nothing here
  }

  /** The trailers of a complete chunked body; empty when none. */
  HttpHeaders trailers() {
    return trailers;
  }

  /** The whole request, for a complete body; owns the body from here on. */
  FullHttpRequest toFull(ByteBufAllocator alloc) {
    return new DefaultFullHttpRequest(
        head.protocolVersion(),
        head.method(),
        head.uri(),
        take(alloc),
        head.headers(),
        trailers);
  }

  /** Releases what is held. */
  void release() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
