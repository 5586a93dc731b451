package io.splice.proxy.http;

import io.splice.proxy.route.Upstream;
import java.io.IOException;

/** An attempt picked an upstream that closed (drained) before a connection was handed out. */
final class UpstreamClosedException extends IOException {

  private static final long serialVersionUID = 1L;

  UpstreamClosedException(Upstream upstream) {
    super("upstream " + upstream.key() + " is closed");
  }
}
