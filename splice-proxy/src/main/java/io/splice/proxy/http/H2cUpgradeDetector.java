package io.splice.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Looks at the first request of a clear-text HTTP/1.1 connection, then leaves the pipeline. A
 * request that asks for {@code Upgrade: h2c} (with {@code HTTP2-Settings}) and whose body is small
 * enough to be held (at most {@link ClientLimits#maxBufferedBodyBytes()}, with a {@code
 * Content-Length}) gets Netty's {@link HttpServerUpgradeHandler} in its place: it answers 101,
 * switches the connection to HTTP/2 ({@link Http2Frontend#upgrades}) and the request is served as
 * stream 1. Any other request goes on as HTTP/1.1, an {@code Upgrade: h2c} being ignored as RFC
 * 9110 allows (the proxy drops it with the other hop-by-hop headers).
 */
final class H2cUpgradeDetector extends ChannelInboundHandlerAdapter {

  private final HttpListener listener;
  private final HttpProxyContext proxy;

  H2cUpgradeDetector(HttpListener listener, HttpProxyContext proxy) {
    this.listener = listener;
    this.proxy = proxy;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest && upgradable((HttpRequest) msg)) {
      int maxBody = proxy.limits().maxBufferedBodyBytes();
      ctx.pipeline()
          .addAfter(
              ctx.name(),
              "h2c-upgrade-handler",
              new HttpServerUpgradeHandler(
                  new HttpServerUpgradeHandler.SourceCodec() {
                    @Override
                    public void upgradeFrom(ChannelHandlerContext upgradeCtx) {
                      upgradeCtx.pipeline().remove("codec");
                    }
                  },
                  Http2Frontend.upgrades(listener, proxy),
                  maxBody));
    }
    ctx.fireChannelRead(msg);
    if (msg instanceof HttpRequest) {
      ctx.pipeline().remove(this);
    }
  }

  private boolean upgradable(HttpRequest request) {
    if (!request.decoderResult().isSuccess() || !Http2Frontend.asksForH2c(request.headers())) {
      return false;
    }
    if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return false;
    }
    return HttpUtil.getContentLength(request, 0L) <= proxy.limits().maxBufferedBodyBytes();
  }
}
