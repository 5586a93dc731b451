package io.splice.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.splice.proxy.health.OutlierState.Outcome;
import io.splice.proxy.http.HttpListener;
import io.splice.proxy.http.HttpProxyContext;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Relay;
import io.splice.proxy.transport.SpliceRelay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * First handler of a TCP client connection: picks an upstream (traffic group, then the balancer,
 * which for TCP weighs open connections since no latency is measured), connects to it, and swaps
 * itself for a {@link Relay} on both connections. A refused or timed-out connect is tried again on
 * another upstream, within the retry policy and the service's retry budget; with none left the
 * client connection is closed. Nothing is read from the client before the upstream is connected,
 * so nothing has to be buffered. The tunnel counts as one request in flight on its upstream until
 * it closes; a draining upstream closes its tunnels at the end of the drain timeout. Between two
 * epoll channels the tunnel is a {@link SpliceRelay} (bytes moved by {@code splice(2)}) unless the
 * proxy's settings turn it off, else a copying {@link Relay}.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

  private final HttpListener listener;
  private final HttpProxyContext proxy;
  private final List<Upstream> tried = new ArrayList<>(3);
  private final List<Object> early = new ArrayList<>(1); // read before the tunnel was up
  private boolean inputShutdown;
  private Service service;

  TcpFrontendHandler(HttpListener listener, HttpProxyContext proxy) {
    this.listener = listener;
    this.proxy = proxy;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    service = listener.service();
    service.recordRequest();
    connect(ctx);
    ctx.fireChannelActive();
  }

  /**
   * Bytes are not asked for before the tunnel is up, but a client that sends and shuts down its
   * side at once may have them read anyway (the transport reads to see the end of input): they
   * are kept and sent first.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      return;
    }
    ctx.fireUserEventTriggered(event);
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

  private void connect(ChannelHandlerContext ctx) {
    List<Upstream> candidates = service.candidates();
    Optional<Upstream> picked =
        proxy
            .balancer()
            .select(service.chooseGroup(tried.isEmpty() ? candidates : untried(candidates)));
    if (picked.isEmpty()) {
      service.recordFailure();
      ctx.close();
      return;
    }
    Upstream upstream = picked.get();
    tried.add(upstream);
    upstream.begin();
    long start = System.nanoTime();
    proxy
        .backends()
        .openTunnel(upstream, ctx.channel().eventLoop())
        .addListener((Future<Channel> done) -> onConnected(ctx, upstream, start, done));
  }

  private void onConnected(
      ChannelHandlerContext ctx, Upstream upstream, long start, Future<Channel> done) {
    if (!done.isSuccess()) {
      upstream.recorder().failure(System.nanoTime() - start);
      service.recordOutcome(upstream, Outcome.CONNECT_FAILURE, describe(done.cause()));
      upstream.end(true);
      if (ctx.channel().isActive() && mayRetry()) {
        connect(ctx);
      } else {
        service.recordFailure();
        ctx.close();
      }
      return;
    }
    Channel tunnel = done.getNow();
    tunnel.closeFuture().addListener(f -> upstream.end(false));
    if (!ctx.channel().isActive()) {
      tunnel.close(); // the client left while we connected
      return;
    }
    service.recordOutcome(upstream, Outcome.SUCCESS, "connected");
    for (Object msg : early) {
      tunnel.write(msg);
    }
    early.clear();
    tunnel.flush();
    ctx.pipeline().remove(this);
    // A client that already ended its input was read the ordinary way: keep to the copying relay.
    boolean splice =
        proxy.tcpSplice() && !inputShutdown && SpliceRelay.supports(ctx.channel(), tunnel);
    LongConsumer copied = service.telemetry().tunnel(service.name(), splice);
    if (splice) {
      SpliceRelay.join(ctx.channel(), tunnel, copied);
      return;
    }
    Relay.join(ctx.channel(), tunnel, copied);
    if (inputShutdown) {
      ctx.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    }
  }

  private boolean mayRetry() {
    return tried.size() <= proxy.retryPolicy().maxRetries()
        && !untried(service.candidates()).isEmpty()
        && service.tryRetry();
  }

  private List<Upstream> untried(List<Upstream> candidates) {
    List<Upstream> left = new ArrayList<>(candidates.size());
    for (Upstream candidate : candidates) {
      if (!tried.contains(candidate)) {
        left.add(candidate);
      }
    }
    return left;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
