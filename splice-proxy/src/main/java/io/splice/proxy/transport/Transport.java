package io.splice.proxy.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Event loops and channel classes of one transport.
 *
 * <pre>{@code
 * Transport transport = Transport.select(true);  // epoll if available, else NIO
 * EventLoopGroup workers = transport.newEventLoopGroup(4, "splice-proxy-worker");
 * ServerBootstrap listener = transport.configureListener(new ServerBootstrap());
 * }</pre>
 */
public final class Transport {

  private final String name;
  private final Supplier<IoHandlerFactory> ioHandlers;
  private final Class<? extends ServerChannel> serverChannel;
  private final Class<? extends SocketChannel> socketChannel;
  private final Class<? extends Channel> domainSocketChannel;
  private final Function<String, SocketAddress> domainSocketAddress;
  private final boolean reusePort;

  private Transport(
      String name,
      Supplier<IoHandlerFactory> ioHandlers,
      Class<? extends ServerChannel> serverChannel,
      Class<? extends SocketChannel> socketChannel,
      Class<? extends Channel> domainSocketChannel,
      Function<String, SocketAddress> domainSocketAddress,
      boolean reusePort) {
    this.name = name;
    this.ioHandlers = ioHandlers;
    this.serverChannel = serverChannel;
    this.socketChannel = socketChannel;
    this.domainSocketChannel = domainSocketChannel;
    this.domainSocketAddress = domainSocketAddress;
    this.reusePort = reusePort;
  }

  /** Native epoll when {@code preferNative} and {@link Epoll#isAvailable()}, else NIO. */
  public static Transport select(boolean preferNative) {
    if (preferNative && Epoll.isAvailable()) {
      return new Transport(
          "epoll",
          EpollIoHandler::newFactory,
          EpollServerSocketChannel.class,
          EpollSocketChannel.class,
          EpollDomainSocketChannel.class,
          DomainSocketAddress::new,
          true);
    }
    // NIO reaches Unix domain sockets through the JDK's own support (Java 16 and later).
    return new Transport(
        "nio",
        NioIoHandler::newFactory,
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        NioDomainSocketChannel.class,
        UnixDomainSocketAddress::of,
        false);
  }

  /** {@code "epoll"} or {@code "nio"}. */
  public String name() {
    return name;
  }

  /**
   * The buffer allocator of the proxy's connections: Netty's pooled one. Netty 4.2 defaults to its
   * adaptive allocator, which took about 5% more CPU per proxied request in
   * bench/proxy-throughput.sh.
   */
  public ByteBufAllocator allocator() {
    return PooledByteBufAllocator.DEFAULT;
  }

  /** Whether listeners are bound with SO_REUSEPORT. */
  public boolean reusePort() {
    return reusePort;
  }

  public EventLoopGroup newEventLoopGroup(int threads, String threadPrefix) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(threadPrefix), ioHandlers.get());
  }

  public Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return socketChannel;
  }

  /**
   * The channel class of a connection to a Unix domain socket: epoll's own, or NIO's on the JDK's
   * Unix domain sockets.
   */
  public Class<? extends Channel> domainSocketChannel() {
    return domainSocketChannel;
  }

  /** The address of the Unix domain socket at {@code path}, for {@link #domainSocketChannel()}. */
  public SocketAddress domainSocketAddress(String path) {
    return domainSocketAddress.apply(path);
  }

  /**
   * Sets the channel class, the listening socket options (SO_REUSEADDR, SO_REUSEPORT on epoll) and
   * the {@link #allocator()} of the accepted connections.
   */
  public ServerBootstrap configureListener(ServerBootstrap bootstrap) {
    bootstrap
        .channel(serverChannel)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.ALLOCATOR, allocator());
    if (reusePort) {
      bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
    }
    return bootstrap;
  }

  @Override
  public String toString() {
    return name;
  }
}
