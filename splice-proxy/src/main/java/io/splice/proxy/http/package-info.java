/**
 * The HTTP/1.1 data plane on Netty: {@link io.splice.proxy.http.HttpListener} (one bound address
 * and its client connections), the client-side pipeline (codec, aggregator, {@code
 * HttpFrontendHandler}), one {@code ProxyExchange} per request (upstream choice, retries, timeouts,
 * response streaming) and the per-upstream keep-alive connection pools of {@link
 * io.splice.proxy.http.Backends}. Handlers are final and package-private; the decisions they apply
 * live in {@code balancer} and {@code route}. Depends on {@code balancer}, {@code route} and {@code
 * transport}.
 */
package io.splice.proxy.http;
