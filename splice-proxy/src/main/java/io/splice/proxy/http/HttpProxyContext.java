package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.splice.proxy.balancer.Balancer;
import io.splice.proxy.route.RetryPolicy;
import io.splice.proxy.transport.Transport;
import java.time.Duration;

/**
 * What every HTTP listener shares: the transport, the upstream choice and retry rules, the
 * connection pools and the limits.
 *
 * @param responseTimeout from sending a request to an upstream until its response head arrives;
 *     past it the client gets 504
 * @param clientIdleTimeout a client connection with no request in progress for this long is closed
 * @param maxRequestBodyBytes request bodies are buffered whole (so that they can be retried) up to
 *     this size; larger ones get 413
 * @param maxHeaderBytes limit of the request line and of the header block, each way
 */
public record HttpProxyContext(
    Transport transport,
    Balancer balancer,
    RetryPolicy retryPolicy,
    Backends backends,
    Duration responseTimeout,
    Duration clientIdleTimeout,
    int maxRequestBodyBytes,
    int maxHeaderBytes) {

  public HttpProxyContext {
    requireNonNull(transport, "transport");
    requireNonNull(balancer, "balancer");
    requireNonNull(retryPolicy, "retryPolicy");
    requireNonNull(backends, "backends");
    requirePositive(responseTimeout, "responseTimeout");
    requirePositive(clientIdleTimeout, "clientIdleTimeout");
    if (maxRequestBodyBytes < 0) {
      throw new IllegalArgumentException(
          "maxRequestBodyBytes: " + maxRequestBodyBytes + " (expected: >= 0)");
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException(
          "maxHeaderBytes: " + maxHeaderBytes + " (expected: >= 1024)");
    }
  }

  private static void requirePositive(Duration value, String name) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
