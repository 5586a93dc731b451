package io.splice.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * First handler of a clear-text HTTP connection: looks at its first bytes once. The HTTP/2
 * connection preface ({@code PRI * HTTP/2.0...}, a client with prior knowledge) switches the
 * connection to HTTP/2; anything else is HTTP/1.1 and this handler leaves the pipeline at once,
 * passing the bytes on. It holds bytes only while they are a proper prefix of the preface (at most
 * 23 of them), so an HTTP/1.1 connection pays for it once, on its first read.
 */
final class H2cPrefaceDetector extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final HttpListenerInitializer pipelines;

  H2cPrefaceDetector(HttpListenerInitializer pipelines) {
    this.pipelines = pipelines;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
    if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), length)) {
      ctx.pipeline().remove(this); // HTTP/1.1: what was read goes on to the codec
      return;
    }
    if (length == PREFACE.readableBytes()) {
      pipelines.switchToHttp2(ctx.pipeline(), HttpListenerInitializer.HTTP);
      ctx.pipeline().remove(this); // the preface and what follows go on to the HTTP/2 codec
    }
    // else: a part of the preface; wait for the rest
  }
}
