package io.splice.proxy.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why a request is refused before it reaches an upstream, and the status that says so. Set as the
 * request's decoder result; the client gets the status and the connection closes.
 */
final class RejectedRequest extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient HttpResponseStatus status;

  RejectedRequest(HttpResponseStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  HttpResponseStatus status() {
    return status;
  }
}
