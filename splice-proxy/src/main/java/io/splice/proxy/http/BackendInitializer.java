package io.splice.proxy.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * Pipeline of a connection to an upstream, top-down:
 *
 * <pre>
 * codec    HttpClientCodec    requests out, response head and body chunks in
 * backend  BackendHandler     hands what arrives to the exchange that holds the connection
 * </pre>
 */
final class BackendInitializer extends ChannelInitializer<Channel> {

  private final int maxHeaderBytes;

  BackendInitializer(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  protected void initChannel(Channel channel) {
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(maxHeaderBytes)
            .setMaxHeaderSize(maxHeaderBytes);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("codec", new HttpClientCodec(decoder, false, false));
    pipeline.addLast("backend", new BackendHandler());
  }
}
