package io.splice.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.splice.proxy.route.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One bound address serving one service, and the client connections it accepted: HTTP by default,
 * or any pipeline passed in (TCP mode).
 *
 * <p>The service can be swapped while the listener stays bound ({@link #route}); a request reads it
 * when it starts. Closing is in two steps: {@link #stopAccepting} closes the listening socket and
 * asks each client connection to close once it has no request in progress; {@link
 * #closeConnections} closes what is left.
 */
public final class HttpListener {

  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile Service service;
  private volatile ListenerTls tls;
  private volatile boolean closing;
  private Channel serverChannel;

  private HttpListener(Service service, ListenerTls tls) {
    this.service = requireNonNull(service, "service");
    this.tls = tls;
  }

  /** Binds {@code host:port} and serves {@code service} on it over HTTP; blocks until bound. */
  public static HttpListener bind(
      String host,
      int port,
      Service service,
      HttpProxyContext proxy,
      EventLoopGroup acceptors,
      EventLoopGroup workers)
      throws IOException {
    return bind(host, port, service, null, proxy, acceptors, workers);
  }

  /**
   * Binds {@code host:port} and serves {@code service} on it over HTTP/1.1 and HTTP/2, in clear
   * text or, with {@code tls}, over TLS; blocks until bound.
   */
  public static HttpListener bind(
      String host,
      int port,
      Service service,
      ListenerTls tls,
      HttpProxyContext proxy,
      EventLoopGroup acceptors,
      EventLoopGroup workers)
      throws IOException {
    return bind(
        host,
        port,
        service,
        tls,
        proxy,
        acceptors,
        workers,
        listener -> new HttpListenerInitializer(listener, proxy));
  }

  /**
   * Binds {@code host:port} and serves {@code service} on it with the pipeline {@code
   * initializer} makes for the listener (TCP mode passes its own); blocks until bound.
   */
  public static HttpListener bind(
      String host,
      int port,
      Service service,
      HttpProxyContext proxy,
      EventLoopGroup acceptors,
      EventLoopGroup workers,
      Function<HttpListener, ChannelHandler> initializer)
      throws IOException {
    return bind(host, port, service, null, proxy, acceptors, workers, initializer);
  }

  private static HttpListener bind(
      String host,
      int port,
      Service service,
      ListenerTls tls,
      HttpProxyContext proxy,
      EventLoopGroup acceptors,
      EventLoopGroup workers,
      Function<HttpListener, ChannelHandler> initializer)
      throws IOException {
    HttpListener listener = new HttpListener(service, tls);
    ServerBootstrap bootstrap =
        proxy
            .transport()
            .configureListener(new ServerBootstrap())
            .group(acceptors, workers)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(initializer.apply(listener));
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable cause = bound.cause();
      throw new IOException(
          "cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
    }
    listener.serverChannel = bound.channel();
    return listener;
  }

  /** Serves {@code next} from the next request on; requests in progress finish where they are. */
  public void route(Service next) {
    service = requireNonNull(next, "next");
  }

  public Service service() {
    return service;
  }

  /**
   * Serves TLS with {@code next} (null: clear text) from the next accepted connection on; open
   * connections keep what they started with.
   */
  public void tls(ListenerTls next) {
    tls = next;
  }

  /** The TLS new connections get, or null for clear text. */
  public ListenerTls tls() {
    return tls;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Client connections open now. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Closes the listening socket; client connections close after their request in progress, idle
   * ones at once.
   */
  public void stopAccepting() {
    closing = true;
    serverChannel.close().awaitUninterruptibly();
    for (Channel connection : connections) {
      connection.pipeline().fireUserEventTriggered(HttpFrontendHandler.CloseWhenIdle.INSTANCE);
    }
  }

  /** Waits until every client connection has closed; false if some are still open at the end. */
  public boolean awaitConnectionsClosed(Duration timeout) throws InterruptedException {
    return connections.newCloseFuture().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Closes every client connection now, whatever it is doing. */
  public void closeConnections() {
    connections.close().awaitUninterruptibly();
  }

  boolean isClosing() {
    return closing;
  }

  /** Tracks a client connection just accepted, until it closes. */
  public void accepted(Channel connection) {
    connections.add(connection);
  }

  @Override
  public String toString() {
    return "HttpListener[" + serverChannel.localAddress() + " -> " + service.name() + "]";
  }
}
