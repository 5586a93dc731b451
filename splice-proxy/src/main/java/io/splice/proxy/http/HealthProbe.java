package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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
import io.netty.util.concurrent.ScheduledFuture;
import io.splice.proxy.health.CheckResult;
import io.splice.proxy.route.ActiveChecks;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Active health probes on their own short connections (never the request pool): a TCP connect, or
 * {@code GET path} with {@code Connection: close} where a 2xx or 3xx status passes. A probe that
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
        new Bootstrap()
            .group(loops)
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMillis))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    if (settings.path() != null) {
                      channel.pipeline().addLast(new HttpClientCodec());
                      channel.pipeline().addLast(new StatusHandler(once));
                    }
                  }
                });
    ChannelFuture connect;
    try {
      connect = bootstrap.connect(new InetSocketAddress(upstream.host(), upstream.port()));
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
              .set(HttpHeaderNames.HOST, upstream.host() + ":" + upstream.port())
              .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
              .set(HttpHeaderNames.USER_AGENT, "splice-proxy-health");
          channel.writeAndFlush(request);
        });
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /** Reports the status of the first response head, then closes. */
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
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.accept(CheckResult.failed(describe(cause)));
      ctx.close().addListener(ChannelFutureListener.CLOSE);
    }
  }
}
