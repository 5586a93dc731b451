/**
 * The HTTP/1.1 data plane on Netty: {@link io.splice.proxy.http.HttpListener} (one bound address
 * and its client connections), the client-side pipeline (codec, checks, {@code
 * HttpFrontendHandler}), one {@code ProxyExchange} per request (upstream choice, retries, timeouts,
 * small request bodies buffered and large ones streamed, response streaming, WebSocket upgrades
 * switched to a byte relay), the active health {@link io.splice.proxy.http.HealthProbe}, and the
 * per-upstream keep-alive connection pools of {@link io.splice.proxy.http.Backends}. Handlers are
 * final and package-private; the decisions they apply live in {@code balancer} and {@code route}.
 * Depends on {@code balancer}, {@code route}, {@code health} and {@code transport}.
 */
package io.splice.proxy.http;
