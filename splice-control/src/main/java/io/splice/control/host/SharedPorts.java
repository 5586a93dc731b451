package io.splice.control.host;

import io.netty.channel.epoll.Epoll;

/**
 * Whether two proxy processes can listen on the same port (SO_REUSEPORT, which the proxy sets with
 * Netty's native epoll transport). The daemon and the proxy run from the same jar on the same
 * machine, so the daemon's answer is the proxy's.
 */
public final class SharedPorts {
  private SharedPorts() {}

  public static boolean supported() {
    return Epoll.isAvailable();
  }
}
