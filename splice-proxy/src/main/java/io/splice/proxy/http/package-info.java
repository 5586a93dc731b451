/**
 * The HTTP data plane on Netty: {@link io.splice.proxy.http.HttpListener} (one bound address and its
 * client connections, in clear text or TLS), the client-side pipelines (HTTP/1.1: codec, checks,
 * {@code HttpFrontendHandler}; HTTP/2 by prior knowledge, {@code Upgrade: h2c} or ALPN: one child
 * channel per stream with its own {@code HttpFrontendHandler}), one {@code ProxyExchange} per
 * request (upstream choice, retries, timeouts, small request bodies buffered and large ones
 * streamed, response streaming, WebSocket upgrades switched to a byte relay), the active health
 * {@link io.splice.proxy.http.HealthProbe}, and the per-upstream pools of {@link
 * io.splice.proxy.http.Backends}: HTTP/1.1 keep-alive connections, or HTTP/2 streams over few
 * connections for h2c upstreams, over TCP or Unix domain sockets. Handlers are final and
 * package-private; the decisions they apply live in {@code balancer} and {@code route}. Depends on
 * {@code balancer}, {@code route}, {@code health} and {@code transport}.
 */
package io.splice.proxy.http;
