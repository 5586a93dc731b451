package io.splice.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.splice.proxy.admin.UpstreamTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that speaks HTTP/2 in clear text only (prior knowledge, no HTTP/1.1), on Netty's
 * HTTP/2 server codecs, on an ephemeral port of 127.0.0.1. It counts the connections it accepted
 * and the streams (requests) it served.
 *
 * <ul>
 *   <li>{@code /} answers its id
 *   <li>{@code /echo} answers the request body
 *   <li>{@code /count} answers {@code "BYTES CRC32"} of the request body (see {@link Pattern})
 *   <li>{@code /bytes?n=N} answers N bytes of {@link Pattern}
 *   <li>{@code /headers} answers the request headers, {@code name: value} lines, sorted, less the
 *       {@code x-http2-*} ones its own HTTP/2 conversion adds
 *   <li>{@code /health} answers 200, or 503 after {@link #healthy healthy(false)}
 *   <li>{@code /slow} answers its id once {@link #releaseSlow()} was called
 *   <li>anything answers 500 while {@link #failing failing(true)}
 * </ul>
 */
public final class H2cBackend implements AutoCloseable {

  private final String id;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger slowArrived = new AtomicInteger();
  private final List<Runnable> slowWaiting = new ArrayList<>();
  private final Channel server;
  private volatile boolean healthy = true;
  private volatile boolean failing;
  private boolean slowReleased; // guarded by slowWaiting

  private H2cBackend(String id) throws IOException {
    this.id = id;
    ChannelHandler streams =
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream
                .pipeline()
                .addLast(
                    new Http2StreamFrameToHttpObjectCodec(true),
                    new HttpObjectAggregator(64 * 1024 * 1024),
                    new Handler());
          }
        };
    var bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    accepted.incrementAndGet();
                    connections.add(channel);
                    channel
                        .pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer().build(),
                            new Http2MultiplexHandler(streams));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen", bound.cause());
    }
    server = bound.channel();
  }

  public static H2cBackend start(String id) throws IOException {
    return new H2cBackend(id);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public UpstreamTarget target() {
    return new UpstreamTarget(id, "127.0.0.1", port(), 1);
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  /** Requests (streams) served so far, health checks left out. */
  public int requests() {
    return requests.get();
  }

  public int slowArrived() {
    return slowArrived.get();
  }

  public void healthy(boolean healthy) {
    this.healthy = healthy;
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Answers the {@code /slow} requests waiting, and from now on those that come. */
  public void releaseSlow() {
    List<Runnable> waiting;
    synchronized (slowWaiting) {
      slowReleased = true;
      waiting = new ArrayList<>(slowWaiting);
      slowWaiting.clear();
    }
    waiting.forEach(Runnable::run);
  }

  /** Stops at once: the port refuses connections and open connections are closed. */
  public void stop() {
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
      String uri = request.uri();
      String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
      if (!path.equals("/health")) {
        requests.incrementAndGet();
      }
      if (failing) {
        respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, id.getBytes(StandardCharsets.UTF_8));
        return;
      }
      switch (path) {
        case "/echo":
          FullHttpResponse echo =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.OK, request.content().retainedDuplicate());
          HttpUtil.setContentLength(echo, echo.content().readableBytes());
          ctx.writeAndFlush(echo);
          return;
        case "/count":
          try (InputStream in = new ByteBufInputStream(request.content().duplicate())) {
            respond(ctx, HttpResponseStatus.OK, Pattern.count(in).getBytes(StandardCharsets.UTF_8));
          }
          return;
        case "/bytes":
          long n = Long.parseLong(uri.substring(uri.indexOf("n=") + 2));
          respond(ctx, HttpResponseStatus.OK, Pattern.stream(n).readAllBytes());
          return;
        case "/headers":
          Map<String, String> sorted = new TreeMap<>();
          // Less the x-http2-* names this server's own HTTP/2 conversion adds.
          request.headers().forEach(
              h -> {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (!name.startsWith("x-http2-")) {
                  sorted.merge(name, h.getValue(), (x, y) -> x + ", " + y);
                }
              });
          StringBuilder out = new StringBuilder();
          sorted.forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
          respond(ctx, HttpResponseStatus.OK, out.toString().getBytes(StandardCharsets.UTF_8));
          return;
        case "/health":
          respond(
              ctx,
              healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              id.getBytes(StandardCharsets.UTF_8));
          return;
        case "/slow":
          slowArrived.incrementAndGet();
          Runnable answer =
              () ->
                  ctx.executor()
                      .execute(
                          () -> respond(ctx, HttpResponseStatus.OK, id.getBytes(StandardCharsets.UTF_8)));
          synchronized (slowWaiting) {
            if (!slowReleased) {
              slowWaiting.add(answer);
              return;
            }
          }
          answer.run();
          return;
        default:
          respond(ctx, HttpResponseStatus.OK, id.getBytes(StandardCharsets.UTF_8));
      }
    }

    private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      HttpUtil.setContentLength(response, body.length);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      ctx.writeAndFlush(response);
    }
  }
}
