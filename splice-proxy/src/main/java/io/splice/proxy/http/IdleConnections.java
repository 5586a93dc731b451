package io.splice.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The idle connections of one pool on one event loop, oldest first. Those unused for the idle
 * timeout are closed by one timer for the whole queue, armed only while the queue is not empty:
 * a connection goes back to the pool after every request, and a timer of its own each time would
 * cost more than the request. Used from its event loop only.
 */
final class IdleConnections {

  private final EventLoop loop;
  private final long timeoutNanos;
  private final ArrayDeque<Channel> channels = new ArrayDeque<>();
  private boolean sweepArmed;

  IdleConnections(EventLoop loop, long timeoutNanos) {
    this.loop = loop;
    this.timeoutNanos = timeoutNanos;
  }

  /** {@code channel} is idle from now on; {@code handler} is its BackendHandler. */
  void add(Channel channel, BackendHandler handler) {
    handler.idleSince(System.nanoTime());
    channels.addLast(channel);
    if (!sweepArmed) {
      armSweep(timeoutNanos);
    }
  }

  /** The connection idle the shortest time (the warmest), taken out; null when none. */
  Channel pollNewest() {
    return channels.pollLast();
  }

  /** Takes {@code channel} out; false when it was not idle here. */
  boolean remove(Channel channel) {
    return channels.remove(channel);
  }

  private void armSweep(long delayNanos) {
    sweepArmed = true;
    loop.schedule(this::sweep, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** Closes the connections idle for the timeout; comes back for the oldest one left. */
  private void sweep() {
    sweepArmed = false;
    long now = System.nanoTime();
    Channel oldest;
    while ((oldest = channels.peekFirst()) != null) {
      BackendHandler handler = oldest.pipeline().get(BackendHandler.class);
      long idleFor = handler == null ? timeoutNanos : now - handler.idleSince();
      if (idleFor < timeoutNanos) {
        armSweep(timeoutNanos - idleFor);
        return;
      }
      channels.pollFirst();
      oldest.close();
    }
  }
}
