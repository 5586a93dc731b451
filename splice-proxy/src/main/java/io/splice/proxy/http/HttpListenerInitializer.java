package io.splice.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of a client connection on an HTTP listener. In clear text, top-down:
 *
 * <pre>
 * h2c-preface H2cPrefaceDetector    the HTTP/2 connection preface (prior knowledge) switches the
 *                                   connection to HTTP/2; anything else removes it at once
 * header      HeaderTimeoutHandler  408 when a request head does not arrive in time (slowloris)
 * idle        IdleStateHandler      signals a connection with no traffic for the idle timeout
 * codec       HttpServerCodec       request head and chunks in, response out; strict framing,
 *                                   line and header size limits
 * checks      RequestChecks         header count, transfer codings
 * h2c-upgrade H2cUpgradeDetector    the first request only: an {@code Upgrade: h2c} switches the
 *                                   connection to HTTP/2, the request becoming stream 1
 * proxy       HttpFrontendHandler   one ProxyExchange per request, in order; small bodies
 *                                   buffered, large ones streamed; 100-continue; body limit (413)
 * </pre>
 *
 * <p>Over TLS ({@link HttpListener#tls()}): {@code tls} (SslHandler, handshake within the header
 * timeout) and {@code alpn} (AlpnHandler), which puts {@code header} to {@code proxy} after them
 * for {@code http/1.1} (or no ALPN), or the HTTP/2 handlers of {@link Http2Frontend} for {@code h2}.
 * An HTTP/2 connection has its streams served by the same HttpFrontendHandler, one per stream.
 *
 * <p>A connection over {@link ClientLimits#maxConnections()} gets 503 and is closed at once.
 */
final class HttpListenerInitializer extends ChannelInitializer<SocketChannel> {

  static final String HTTP = "http";
  static final String HTTPS = "https";

  /** The handlers of an HTTP/1.1 connection, removed when it becomes HTTP/2. */
  private static final List<String> HTTP1_HANDLERS =
      List.of("header", "codec", "checks", "h2c-upgrade", "proxy");

  private final HttpListener listener;
  private final HttpProxyContext proxy;

  HttpListenerInitializer(HttpListener listener, HttpProxyContext proxy) {
    this.listener = listener;
    this.proxy = proxy;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    ConnectionCount connections = proxy.connections();
    if (!connections.tryAcquire()) {
      channel
          .writeAndFlush(
              ProxyResponses.raw(
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  "too many connections (" + connections.max() + ")"))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    channel.closeFuture().addListener(f -> connections.release());
    listener.accepted(channel);
    ChannelPipeline pipeline = channel.pipeline();
    ListenerTls tls = listener.tls();
    if (tls != null) {
      pipeline.addLast("tls", tls.newHandler(channel.alloc(), proxy.limits().headerTimeout()));
      pipeline.addLast("alpn", new AlpnHandler(this));
      return;
    }
    pipeline.addLast("h2c-preface", new H2cPrefaceDetector(this));
    addHttp1(pipeline, HTTP, HttpFrontendHandler.Mode.CONNECTION);
  }

  /** Adds the HTTP/1.1 handlers at the end of {@code pipeline}. */
  void addHttp1(ChannelPipeline pipeline, String scheme, HttpFrontendHandler.Mode mode) {
    ClientLimits limits = proxy.limits();
    HeaderTimeoutHandler headerTimeout =
        new HeaderTimeoutHandler(limits.headerTimeout().toNanos());
    pipeline.addLast("header", headerTimeout);
    pipeline.addLast(
        "idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast("codec", new HttpServerCodec(decoderConfig(limits)));
    pipeline.addLast("checks", new RequestChecks(limits.maxHeaderCount(), headerTimeout));
    if (HTTP.equals(scheme)) {
      pipeline.addLast("h2c-upgrade", new H2cUpgradeDetector(listener, proxy));
    }
    pipeline.addLast("proxy", new HttpFrontendHandler(listener, proxy, headerTimeout, scheme, mode));
  }

  /**
   * Makes the connection HTTP/2 (after its preface, or ALPN {@code h2}): the HTTP/1.1 handlers
   * leave, the idle timer stays, and the HTTP/2 ones are added at the end.
   */
  void switchToHttp2(ChannelPipeline pipeline, String scheme) {
    for (String name : HTTP1_HANDLERS) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
    if (pipeline.get("idle") == null) {
      ClientLimits limits = proxy.limits();
      pipeline.addLast(
          "idle",
          new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    Http2Frontend.addLast(pipeline, listener, proxy, scheme);
  }

  static HttpDecoderConfig decoderConfig(ClientLimits limits) {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxRequestLineBytes())
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setValidateHeaders(true)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }
}
