package io.splice.cli.it;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A replica for the protocol tests, run as its own process by the daemon: {@code h2c} answers
 * HTTP/2 with prior knowledge only on {@code PORT}; {@code unix} answers HTTP/1.1 only on the Unix
 * socket {@code SOCKET}; {@code echo} sends back every byte it gets on {@code PORT}. The HTTP answers
 * say which protocol carried them and which replica gave them.
 */
public final class ProtocolBackend {
  private ProtocolBackend() {}

  public static void main(String[] args) throws Exception {
    String replica = System.getenv("SPLICE_REPLICA");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap().group(group);
    Channel server = switch (args[0]) {
      case "h2c" -> bootstrap.channel(EpollServerSocketChannel.class)
          .childHandler(initializer(channel -> channel.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
              new Http2MultiplexHandler(initializer(stream -> stream.pipeline().addLast(new H2cAnswer(replica)))))))
          .bind(new InetSocketAddress("127.0.0.1", port())).sync().channel();
      case "unix" -> bootstrap.channel(EpollServerDomainSocketChannel.class)
          .childHandler(initializer(channel -> channel.pipeline().addLast(new HttpServerCodec(),
              new HttpObjectAggregator(65536), new Http1Answer(replica))))
          .bind(new DomainSocketAddress(System.getenv("SOCKET"))).sync().channel();
      case "echo" -> bootstrap.channel(EpollServerSocketChannel.class)
          .childHandler(initializer(channel -> channel.pipeline().addLast(new Echo())))
          .bind(new InetSocketAddress("127.0.0.1", port())).sync().channel();
      default -> throw new IllegalArgumentException("mode: " + args[0] + " (expected: h2c, unix or echo)");
    };
    System.out.println(args[0] + " replica " + replica + " listening on " + server.localAddress());
    server.closeFuture().sync();
  }

  private static int port() {
    return Integer.parseInt(System.getenv("PORT"));
  }

  private interface Setup {
    void apply(Channel channel);
  }

  private static ChannelInitializer<Channel> initializer(Setup setup) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        setup.apply(channel);
      }
    };
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }

  /** One answer per HTTP/2 stream, once its headers arrive (the tests send no request bodies). */
  private static final class H2cAnswer extends SimpleChannelInboundHandler<Http2StreamFrame> {
    private final String replica;

    H2cAnswer(String replica) {
      this.replica = replica;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Http2StreamFrame frame) {
      if (frame instanceof Http2HeadersFrame headers && headers.isEndStream()) {
        context.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
            .set("content-type", "text/plain")));
        context.writeAndFlush(new DefaultHttp2DataFrame(text("h2c " + replica + " " + headers.headers().path() + "\n"),
            true));
      }
    }
  }

  private static final class Http1Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String replica;

    Http1Answer(String replica) {
      this.replica = replica;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
          text("unix " + replica + " " + request.uri() + "\n"));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      HttpUtil.setContentLength(response, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      var written = context.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      context.writeAndFlush(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }
}
