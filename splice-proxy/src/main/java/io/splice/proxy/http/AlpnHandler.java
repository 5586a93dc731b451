package io.splice.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * After the TLS handler of a connection: asks for the handshake's bytes (the connection does not
 * auto-read), then, once it is done, sets the connection up for the protocol the client chose by
 * ALPN, {@code h2} or {@code http/1.1} (also when the client chose none), and leaves the pipeline.
 * A failed handshake closes the connection without a word: a hostile or confused client is routine.
 */
final class AlpnHandler extends ChannelInboundHandlerAdapter {

  private final HttpListenerInitializer pipelines;
  private final List<Object> early = new ArrayList<>(1); // decrypted before the set-up, if any

  AlpnHandler(HttpListenerInitializer pipelines) {
    this.pipelines = pipelines;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof SslHandshakeCompletionEvent)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    if (!((SslHandshakeCompletionEvent) event).isSuccess()) {
      ctx.close();
      return;
    }
    String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      pipelines.switchToHttp2(ctx.pipeline(), HttpListenerInitializer.HTTPS);
    } else {
      pipelines.addHttp1(
          ctx.pipeline(), HttpListenerInitializer.HTTPS, HttpFrontendHandler.Mode.CONNECTION_STARTED);
    }
    ctx.pipeline().remove(this);
    for (Object msg : early) {
      ctx.fireChannelRead(msg);
    }
    if (!early.isEmpty()) {
      early.clear();
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
