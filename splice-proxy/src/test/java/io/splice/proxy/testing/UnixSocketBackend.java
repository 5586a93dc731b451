package io.splice.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.splice.proxy.admin.UpstreamTarget;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;


/**
 * An HTTP/1.1 upstream on a Unix domain socket, on Netty: epoll's domain socket server where epoll
 * is available and asked for, else NIO's (on the JDK's Unix domain sockets).
 *
 * <ul>
 *   <li>{@code /} answers its id
 *   <li>{@code /echo} answers the request body
 *   <li>{@code /health} answers 200, or 503 after {@link #healthy healthy(false)}
 * </ul>
 */
public final class UnixSocketBackend implements AutoCloseable {

  private final String id;
  private final Path socket;
  private final EventLoopGroup group;
  private final Channel server;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean healthy = true;

  private UnixSocketBackend(String id, Path socket, boolean epoll) throws IOException {
    this.id = id;
    this.socket = socket;
    boolean native_ = epoll && Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, native_ ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(native_ ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    accepted.incrementAndGet();
                    connections.add(channel);
                    channel
                        .pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(1 << 20),
                            new Handler());
                  }
                });
    var bound =
        bootstrap
            .bind(
                native_
                    ? new DomainSocketAddress(socket.toString())
                    : UnixDomainSocketAddress.of(socket))
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + socket, bound.cause());
    }
    this.server = bound.channel();
  }

  /** Listens on {@code socket} (which must not exist), with epoll's transport when {@code epoll}. */
  public static UnixSocketBackend start(String id, Path socket, boolean epoll) throws IOException {
    return new UnixSocketBackend(id, socket, epoll);
  }

  public Path socket() {
    return socket;
  }

  public UpstreamTarget target() {
    return UpstreamTarget.unixSocket(id, socket.toString(), 1, null);
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  /** Requests received, health checks left out. */
  public int requests() {
    return requests.get();
  }

  public void healthy(boolean healthy) {
    this.healthy = healthy;
  }

  /** Stops listening, closes the connections and removes the socket file. */
  @Override
  public void close() throws IOException {
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri();
      if (!path.equals("/health")) {
        requests.incrementAndGet();
      }
      FullHttpResponse response;
      if (path.equals("/echo")) {
        response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, request.content().retainedDuplicate());
      } else {
        HttpResponseStatus status =
            path.equals("/health") && !healthy
                ? HttpResponseStatus.SERVICE_UNAVAILABLE
                : HttpResponseStatus.OK;
        response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                Unpooled.copiedBuffer(id, StandardCharsets.UTF_8));
      }
      HttpUtil.setContentLength(response, response.content().readableBytes());
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      var write = ctx.writeAndFlush(response);
      if (!keepAlive) {
        write.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
