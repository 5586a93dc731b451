package io.splice.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Where an exchange gets the channel of one attempt on an upstream: a pooled HTTP/1.1 connection
 * ({@link ConnectionPool}) or a new stream on a shared HTTP/2 connection ({@link
 * Http2ConnectionPool}). Either way the channel carries {@code HttpObject}s to and from a {@link
 * BackendHandler}.
 */
interface UpstreamPool {

  /** A channel on {@code loop} for one request; the future completes on {@code loop}. */
  Future<Channel> acquire(EventLoop loop);

  /** Gives back a channel whose exchange completed; call on the channel's loop. */
  void release(Channel channel);

  /**
   * Whether channels are streams of a shared connection: a response not wanted is dropped by
   * closing its stream (a reset) rather than read to its end to keep a connection.
   */
  boolean multiplexed();

  /** Closes every connection and refuses new requests. */
  void close();

  /** Connections open now, idle or in use. */
  int openConnections();
}
