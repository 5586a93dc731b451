package io.splice.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.Native;
import java.lang.reflect.Method;

/**
 * Keeps a half-closed epoll channel in its event loop's epoll set, working around a Netty 4.2 epoll
 * behaviour (seen in 4.2.18 and 4.2.20). When a channel's interest set becomes empty, Netty removes
 * its descriptor from the epoll set ({@code EPOLL_CTL_DEL}) but still believes it registered, so the
 * next interest it adds is an {@code EPOLL_CTL_MOD} that fails with {@code ENOENT}, and the channel
 * is closed. A channel whose input has ended (the peer half-closed) and whose end was handled has
 * no interest left until it must wait to write: the first write that cannot complete at once kills
 * it, cutting off the rest of a response or of a tunnel's other direction.
 *
 * <p>{@link #keepAfterInputShutdown} adds {@code EPOLLERR} to the channel's interest set. The kernel
 * reports errors whether asked or not, so nothing else changes, but the set is never empty again
 * and the descriptor is never removed. Call it when the channel's input shut down and it may still
 * write. It uses reflection on Netty's internal {@code setFlag}; where that is not possible it does
 * nothing.
 */
public final class EpollRegistration {

  private static final Method SET_FLAG = setFlag();

  private EpollRegistration() {}

  /** See the class comment; a no-op on other channels. Call on the channel's event loop. */
  public static void keepAfterInputShutdown(Channel channel) {
    if (SET_FLAG == null || !(channel instanceof AbstractEpollStreamChannel) || !channel.isOpen()) {
      return;
    }
    try {
      SET_FLAG.invoke(channel, Native.EPOLLERR);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // The channel keeps Netty's behaviour; nothing worse than without this call.
    }
  }

  private static Method setFlag() {
    try {
      Method method =
          Class.forName("io.netty.channel.epoll.AbstractEpollChannel")
              .getDeclaredMethod("setFlag", int.class);
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another Netty, or epoll classes not loadable: nothing to work around
    }
  }
}
