package io.splice.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;


/**
 * An HTTP/2 client with prior knowledge (clear text, no upgrade) on Netty's own HTTP/2 codecs: one
 * TCP connection, one stream per request, as many streams at once as the caller sends. Responses
 * are aggregated whole (up to 256 MiB).
 *
 * <pre>{@code
 * try (H2TestClient client = H2TestClient.connect(port)) {
 *   H2TestClient.Response response = client.get("/").get(10, SECONDS);
 * }
 * }</pre>
 */
public final class H2TestClient implements AutoCloseable {

  /** A response: status, headers (names in lower case) and the whole body. */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final int MAX_BODY = 256 * 1024 * 1024;

  private final EventLoopGroup group;
  private final Channel connection;
  private final String authority;

  private H2TestClient(EventLoopGroup group, Channel connection, String authority) {
    this.group = group;
    this.connection = connection;
    this.authority = authority;
  }

  /** Connects to 127.0.0.1:{@code port} and sends the HTTP/2 preface. */
  public static H2TestClient connect(int port) throws IOException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient()
                                .initialSettings(
                                    Http2Settings.defaultSettings().initialWindowSize(1 << 20))
                                .build(),
                            new Http2MultiplexHandler(
                                new ChannelInitializer<Channel>() {
                                  @Override
                                  protected void initChannel(Channel pushed) {
                                    pushed.close(); // no server push is expected
                                  }
                                }));
                  }
                });
    var connect = bootstrap.connect(new InetSocketAddress("127.0.0.1", port)).awaitUninterruptibly();
    if (!connect.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot connect to 127.0.0.1:" + port, connect.cause());
    }
    return new H2TestClient(group, connect.channel(), "127.0.0.1:" + port);
  }

  public CompletableFuture<Response> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  /** Sends one request on a new stream; {@code body} null for none. */
  public CompletableFuture<Response> send(HttpMethod method, String path, byte[] body) {
    CompletableFuture<Response> response = new CompletableFuture<>();
    new Http2StreamChannelBootstrap(connection)
        .handler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream
                    .pipeline()
                    .addLast(
                        new Http2StreamFrameToHttpObjectCodec(false),
                        new HttpObjectAggregator(MAX_BODY),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, FullHttpResponse msg) {
                            response.complete(
                                new Response(
                                    msg.status().code(),
                                    msg.headers().copy(),
                                    ByteBufUtil.getBytes(msg.content())));
                            ctx.close();
                          }

                          @Override
                          public void channelInactive(ChannelHandlerContext ctx) {
                            response.completeExceptionally(
                                new IOException("stream closed before a response"));
                          }

                          @Override
                          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            response.completeExceptionally(cause);
                            ctx.close();
                          }
                        });
              }
            })
        .open()
        .addListener(
            opened -> {
              if (!opened.isSuccess()) {
                response.completeExceptionally(opened.cause());
                return;
              }
              Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
              FullHttpRequest request =
                  new DefaultFullHttpRequest(
                      HttpVersion.HTTP_1_1,
                      method,
                      path,
                      body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
              request.headers().set(HttpHeaderNames.HOST, authority);
              if (body != null) {
                request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
              }
              stream
                  .writeAndFlush(request)
                  .addListener(
                      written -> {
                        if (!written.isSuccess()) {
                          response.completeExceptionally(written.cause());
                        }
                      });
            });
    return response;
  }

  /** Whether the one connection is still open. */
  public boolean isOpen() {
    return connection.isActive();
  }

  @Override
  public void close() {
    connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
