package io.splice.proxy.http;

import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import io.splice.proxy.balancer.Balancer;
import io.splice.proxy.route.RetryPolicy;
import io.splice.proxy.transport.Transport;
import java.time.Duration;

/**
 * What every HTTP listener shares: the transport, the upstream choice and retry rules, the
 * connection pools, the client limits and the count of client connections.
 *
 * @param responseTimeout from the start of a request's first attempt until the response head
 *     arrives, retries included; past it the client gets 504
 * @param tryTimeout the same for one attempt; when it passes first, an idempotent request is
 *     retried on another upstream if the retry rules allow, else it keeps waiting
 * @param limits what clients may send and for how long
 * @param connections client connections open over all listeners, bounded by {@link
 *     ClientLimits#maxConnections()}
 * @param tcpSplice whether TCP-mode tunnels between two epoll channels move their bytes with
 *     {@code splice(2)} ({@link io.splice.proxy.transport.SpliceRelay}) rather than copying them
 */
public record HttpProxyContext(
    Transport transport,
    Balancer balancer,
    RetryPolicy retryPolicy,
    Backends backends,
    Duration responseTimeout,
    Duration tryTimeout,
    ClientLimits limits,
    ConnectionCount connections,
    boolean tcpSplice) {

  public HttpProxyContext {
    requireNonNull(transport, "transport");
    requireNonNull(balancer, "balancer");
    requireNonNull(retryPolicy, "retryPolicy");
    requireNonNull(backends, "backends");
    positive(responseTimeout, "responseTimeout");
    positive(tryTimeout, "tryTimeout");
    requireNonNull(limits, "limits");
    requireNonNull(connections, "connections");
  }
}
