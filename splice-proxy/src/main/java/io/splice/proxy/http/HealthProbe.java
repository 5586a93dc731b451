package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.splice.proxy.health.CheckResult;
import io.splice.proxy.route.ActiveChecks;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Active health probes on their own short connections (never the request pool): a TCP connect, or
 * {@code GET path} with {@code Connection: close} where a 2xx or 3xx status passes, over HTTP/1.1 or,
 * for upstreams that speak it, one HTTP/2 stream in clear text. A probe that
 * gets no answer within the settings' timeout fails with {@code "timeout after N ms"}; one whose
 * upstream closed meanwhile is cancelled.
 */
public final class HealthProbe implements ActiveChecks.Probe {

  private final Transport transport;
  private final EventLoopGroup loops;

  public HealthProbe(Transport transport, EventLoopGroup loops) {
    this.transport = requireNonNull(transport, "transport");
    this.loops = requireNonNull(loops, "loops");
  }

  @Override
  public void check(Upstream upstream, ActiveChecks.Settings settings, Consumer<CheckResult> done) {
    AtomicBoolean reported = new AtomicBoolean();
    Consumer<CheckResult> once =
        result -> {
          if (reported.compareAndSet(false, true)) {
            done.accept(upstream.state() == Upstream.State.CLOSED && result.kind() != CheckResult.Kind.PASSED
                ? CheckResult.cancelled("upstream closed")
                : result);
          }
        };
    long timeoutMillis = settings.timeout().toMillis();
    Bootstrap bootstrap =
        UpstreamAddress.bootstrap(transport, upstream)
            .group(loops)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMillis))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    if (settings.path() == null) {
                      return;
                    }
                    if (settings.http2()) {
                      channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                      channel
                          .pipeline()
                          .addLast(new Http2MultiplexHandler(Http2ConnectionPool.REFUSE_PUSHED));
                      channel.pipeline().addLast(new Quiet());
                    } else {
                      channel.pipeline().addLast(new HttpClientCodec());
                      channel.pipeline().addLast(new StatusHandler(once));
                    }
                  }
                });
    ChannelFuture connect;
    try {
      connect = bootstrap.connect();
    } catch (RuntimeException e) {
      once.accept(CheckResult.failed("connect: " + e.getMessage()));
      return;
    }
    Channel channel = connect.channel();
    ScheduledFuture<?> timer =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  once.accept(CheckResult.failed("timeout after " + timeoutMillis + " ms"));
                  channel.close();
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> {
      timer.cancel(false);
      once.accept(CheckResult.failed("connection closed before a response"));
    });
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            once.accept(CheckResult.failed("connect: " + describe(f.cause())));
            return;
          }
          if (settings.path() == null) {
            once.accept(CheckResult.passed("connected"));
            channel.close();
            return;
          }
          DefaultFullHttpRequest request =
              new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, settings.path());
          request
              .headers()
              .set(HttpHeaderNames.HOST, UpstreamAddress.authority(upstream))
              .set(HttpHeaderNames.USER_AGENT, "splice-proxy-health");
          if (!settings.http2()) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(request);
            return;
          }
          // One stream on a connection of its own; the answer closes the connection.
          new Http2StreamChannelBootstrap(channel)
              .handler(
                  new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                      stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
                      stream.pipeline().addLast(new StatusHandler(once));
                    }
                  })
              .open()
              .addListener(
                  (Future<Http2StreamChannel> opened) -> {
                    if (opened.isSuccess()) {
                      opened.getNow().writeAndFlush(request);
                    } else {
                      request.release();
                      once.accept(CheckResult.failed(describe(opened.cause())));
                      channel.close();
                    }
                  });
        });
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /** Drops what an HTTP/2 probe connection gets besides its stream, and closes on errors. */
  private static final class Quiet extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Reports the status of the first response head, then closes the connection. */
  private static final class StatusHandler extends SimpleChannelInboundHandler<HttpObject> {
    private final Consumer<CheckResult> done;

    StatusHandler(Consumer<CheckResult> done) {
      this.done = done;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse) {
        int status = ((HttpResponse) msg).status().code();
        String detail = "HTTP " + status;
        done.accept(
            status >= 200 && status < 400 ? CheckResult.passed(detail) : CheckResult.failed(detail));
        connection(ctx).close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.accept(CheckResult.failed(describe(cause)));
      connection(ctx).close();
    }

    /** The probe's connection: the channel itself, or the parent of an HTTP/2 stream. */
    private static Channel connection(ChannelHandlerContext ctx) {
      Channel channel = ctx.channel();
      return channel.parent() != null ? channel.parent() : channel;
    }
  }
}
