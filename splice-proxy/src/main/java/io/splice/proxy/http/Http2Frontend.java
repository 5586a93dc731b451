package io.splice.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AsciiString;
import java.util.Collection;
import java.util.List;

/**
 * The HTTP/2 side of a client connection, whichever way it started (prior knowledge, {@code
 * Upgrade: h2c}, or ALPN {@code h2} over TLS). Its handlers, at the end of the connection's
 * pipeline:
 *
 * <pre>
 * h2             Http2FrameCodec          frames, HPACK, flow control, SETTINGS, PING, GOAWAY
 * h2-streams     Http2MultiplexHandler    one child channel per stream, each with
 *                                         Http2StreamFrameToHttpObjectCodec, RequestChecks and an
 *                                         HttpFrontendHandler: the HTTP/1.1 path of one request
 * h2-connection  Http2ConnectionGuard     graceful GOAWAY when the listener closes or the
 *                                         connection idles; closes once the streams are done
 * </pre>
 *
 * <p>The connection itself reads freely (it must, to see every stream's frames); each stream reads
 * only when its handler asks, and its flow-control window is given back only as it reads, so a slow
 * upstream slows its stream's client down and nothing else.
 */
final class Http2Frontend {

  /** Streams a client may have open at once on one connection. */
  static final int MAX_CONCURRENT_STREAMS = 128;

  /** The receive window of each stream (the protocol's default). */
  static final int STREAM_WINDOW_BYTES = Http2CodecUtil.DEFAULT_WINDOW_SIZE;

  /**
   * The connection's receive window: every stream's at once, so that a stream whose upstream is
   * slow cannot hold the window the others need.
   */
  static final int CONNECTION_WINDOW_BYTES = MAX_CONCURRENT_STREAMS * STREAM_WINDOW_BYTES;

  private static final AsciiString H2C = AsciiString.cached("h2c");

  private Http2Frontend() {}

  /** Adds the HTTP/2 handlers at the end of {@code pipeline}; the connection reads freely. */
  static void addLast(
      ChannelPipeline pipeline, HttpListener listener, HttpProxyContext proxy, String scheme) {
    Http2FrameCodec codec = newCodec(proxy.limits());
    pipeline.addLast("h2", codec);
    pipeline.addLast("h2-streams", new Http2MultiplexHandler(streams(listener, proxy, scheme)));
    pipeline.addLast("h2-connection", new Http2ConnectionGuard(listener, codec));
    pipeline.channel().config().setAutoRead(true);
  }

  /**
   * Whether {@code headers} ask to switch this connection to HTTP/2 in clear text: {@code Upgrade}
   * names {@code h2c}, with an {@code HTTP2-Settings} header.
   */
  static boolean asksForH2c(HttpHeaders headers) {
    String upgrade = headers.get(HttpHeaderNames.UPGRADE);
    if (upgrade == null || !headers.contains(Http2CodecUtil.HTTP_UPGRADE_SETTINGS_HEADER)) {
      return false;
    }
    for (String token : upgrade.split(",")) {
      if (H2C.contentEqualsIgnoreCase(token.strip())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The upgrade to HTTP/2 of an HTTP/1.1 connection ({@code Upgrade: h2c}): after the 101, the HTTP/1
   * handlers leave and the HTTP/2 ones take their place; the upgrade request becomes stream 1.
   */
  static HttpServerUpgradeHandler.UpgradeCodecFactory upgrades(
      HttpListener listener, HttpProxyContext proxy) {
    return protocol -> {
      if (!H2C.contentEqualsIgnoreCase(protocol)) {
        return null;
      }
      Http2FrameCodec codec = newCodec(proxy.limits());
      Http2ServerUpgradeCodec http2 =
          new Http2ServerUpgradeCodec(
              codec,
              new Http2MultiplexHandler(streams(listener, proxy, "http")),
              new Http2ConnectionGuard(listener, codec));
      return new H2cUpgrade(http2);
    };
  }

  private static Http2StreamInitializer streams(
      HttpListener listener, HttpProxyContext proxy, String scheme) {
    return new Http2StreamInitializer(listener, proxy, scheme);
  }

  private static Http2FrameCodec newCodec(ClientLimits limits) {
    Http2Settings settings =
        Http2Settings.defaultSettings()
            .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
            .initialWindowSize(STREAM_WINDOW_BYTES)
            .maxHeaderListSize(limits.maxHeaderBytes());
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .validateHeaders(true)
        // A close is a close; the guard sends GOAWAY itself when it wants a graceful end.
        .decoupleCloseAndGoAway(true)
        .build();
  }

  /** Netty's upgrade, plus taking the HTTP/1 handlers out and letting the connection read. */
  private static final class H2cUpgrade implements HttpServerUpgradeHandler.UpgradeCodec {
    private final Http2ServerUpgradeCodec http2;

    H2cUpgrade(Http2ServerUpgradeCodec http2) {
      this.http2 = http2;
    }

    @Override
    public Collection<CharSequence> requiredUpgradeHeaders() {
      return http2.requiredUpgradeHeaders();
    }

    @Override
    public boolean prepareUpgradeResponse(
        ChannelHandlerContext ctx, FullHttpRequest upgradeRequest, HttpHeaders upgradeHeaders) {
      return http2.prepareUpgradeResponse(ctx, upgradeRequest, upgradeHeaders);
    }

    @Override
    public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest upgradeRequest) {
      ChannelPipeline pipeline = ctx.pipeline();
      for (String name : List.of("header", "checks", "proxy")) {
        if (pipeline.get(name) != null) {
          pipeline.remove(name);
        }
      }
      http2.upgradeTo(ctx, upgradeRequest);
      pipeline.channel().config().setAutoRead(true);
    }
  }
}
