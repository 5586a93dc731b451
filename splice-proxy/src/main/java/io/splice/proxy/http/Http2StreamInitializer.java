package io.splice.proxy.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of one HTTP/2 stream from a client, top-down:
 *
 * <pre>
 * h2       Http2StreamFrameToHttpObjectCodec  HEADERS and DATA in as an HTTP/1.1 request, the
 *                                             response out as HEADERS, DATA and trailers
 * idle     IdleStateHandler                   a stream with no traffic for the idle timeout
 *                                             while its body is awaited is reset
 * checks   RequestChecks                      header count
 * proxy    HttpFrontendHandler (stream mode)  the same exchange as an HTTP/1.1 request: routing,
 *                                             balancing, retries, metrics, body streaming
 * </pre>
 *
 * <p>The stream does not auto-read: its handler reads the request, and each next part of a streamed
 * body once the previous one was written upstream; the stream's window is given back as it reads.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

  private final HttpListener listener;
  private final HttpProxyContext proxy;
  private final String scheme;

  Http2StreamInitializer(HttpListener listener, HttpProxyContext proxy, String scheme) {
    this.listener = listener;
    this.proxy = proxy;
    this.scheme = scheme;
  }

  @Override
  protected void initChannel(Http2StreamChannel stream) {
    stream.config().setAutoRead(false);
    ChannelPipeline pipeline = stream.pipeline();
    pipeline.addLast("h2", new Http2StreamFrameToHttpObjectCodec(true, true));
    pipeline.addLast(
        "idle",
        new IdleStateHandler(
            0, 0, proxy.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast("checks", new RequestChecks(proxy.limits().maxHeaderCount(), null));
    pipeline.addLast(
        "proxy",
        new HttpFrontendHandler(
            listener, proxy, null, scheme, HttpFrontendHandler.Mode.STREAM));
  }
}
