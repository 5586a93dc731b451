package io.splice.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of a client connection on an HTTP listener, top-down:
 *
 * <pre>
 * header      HeaderTimeoutHandler  408 when a request head does not arrive in time (slowloris)
 * idle        IdleStateHandler      signals a connection with no traffic for the idle timeout
 * codec       HttpServerCodec       request head and chunks in, response out; strict framing,
 *                                   line and header size limits
 * checks      RequestChecks         header count, transfer codings
 * proxy       HttpFrontendHandler   one ProxyExchange per request, in order; small bodies
 *                                   buffered, large ones streamed; 100-continue; body limit (413)
 * </pre>
 *
 * <p>A connection over {@link ClientLimits#maxConnections()} gets 503 and is closed at once.
 */
final class HttpListenerInitializer extends ChannelInitializer<SocketChannel> {

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
    ClientLimits limits = proxy.limits();
    HeaderTimeoutHandler headerTimeout =
        new HeaderTimeoutHandler(limits.headerTimeout().toNanos());
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("header", headerTimeout);
    pipeline.addLast(
        "idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast("codec", new HttpServerCodec(decoderConfig(limits)));
    pipeline.addLast("checks", new RequestChecks(limits.maxHeaderCount(), headerTimeout));
    pipeline.addLast("proxy", new HttpFrontendHandler(listener, proxy, headerTimeout));
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
