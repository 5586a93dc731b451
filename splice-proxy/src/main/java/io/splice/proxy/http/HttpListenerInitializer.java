package io.splice.proxy.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of a client connection on an HTTP listener, top-down:
 *
 * <pre>
 * idle        IdleStateHandler      signals a connection with no traffic for the idle timeout
 * codec       HttpServerCodec       request head and chunks in, response out
 * aggregator  HttpObjectAggregator  whole request, body up to the limit (413 beyond), 100-continue
 * proxy       HttpFrontendHandler   one ProxyExchange per request, in order
 * </pre>
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
    listener.accepted(channel);
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(proxy.maxHeaderBytes())
            .setMaxHeaderSize(proxy.maxHeaderBytes());
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(
        "idle",
        new IdleStateHandler(0, 0, proxy.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast("codec", new HttpServerCodec(decoder));
    pipeline.addLast("aggregator", new HttpObjectAggregator(proxy.maxRequestBodyBytes(), true));
    pipeline.addLast("proxy", new HttpFrontendHandler(listener, proxy));
  }
}
