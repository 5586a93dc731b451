package io.splice.proxy.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where an upstream is reached: a TCP address (resolved once, where this is called, never on an
 * event loop; a changed name needs a new push) or a Unix domain socket.
 */
final class UpstreamAddress {

  private UpstreamAddress() {}

  /**
   * A bootstrap of connections to {@code upstream}: its channel class and remote address, and
   * TCP's options when it is reached over TCP. No event loop, handler or timeout yet.
   */
  static Bootstrap bootstrap(Transport transport, Upstream upstream) {
    Bootstrap bootstrap =
        new Bootstrap()
            .remoteAddress(remote(transport, upstream))
            .option(ChannelOption.ALLOCATOR, transport.allocator());
    if (upstream.path() != null) {
      return bootstrap.channel(transport.domainSocketChannel());
    }
    return bootstrap
        .channel(transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
  }

  static SocketAddress remote(Transport transport, Upstream upstream) {
    return upstream.path() != null
        ? transport.domainSocketAddress(upstream.path())
        : new InetSocketAddress(upstream.host(), upstream.port());
  }

  /** What a request to the upstream carries as its authority when none is known: host:port. */
  static String authority(Upstream upstream) {
    return upstream.path() != null ? "localhost" : upstream.host() + ":" + upstream.port();
  }
}
