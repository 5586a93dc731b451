package io.splice.proxy.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.splice.proxy.http.ConnectionCount;
import io.splice.proxy.http.HttpListener;
import io.splice.proxy.http.HttpProxyContext;

/**
 * Pipeline of a client connection on a TCP listener: one {@link TcpFrontendHandler}, which connects
 * to an upstream and then gives way to a byte relay. A connection over the client connection limit
 * is closed at once.
 *
 * <pre>{@code
 * HttpListener.bind(host, port, service, proxy, acceptors, workers,
 *     listener -> new TcpListenerInitializer(listener, proxy));
 * }</pre>
 */
public final class TcpListenerInitializer extends ChannelInitializer<SocketChannel> {

  private final HttpListener listener;
  private final HttpProxyContext proxy;

  public TcpListenerInitializer(HttpListener listener, HttpProxyContext proxy) {
    this.listener = listener;
    this.proxy = proxy;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    ConnectionCount connections = proxy.connections();
    if (!connections.tryAcquire()) {
      channel.close().addListener(ChannelFutureListener.CLOSE);
      return;
    }
    channel.closeFuture().addListener(f -> connections.release());
    listener.accepted(channel);
    channel.pipeline().addLast("tcp", new TcpFrontendHandler(listener, proxy));
  }
}
