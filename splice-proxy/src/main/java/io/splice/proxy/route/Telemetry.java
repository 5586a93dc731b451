package io.splice.proxy.route;

import java.util.function.LongConsumer;

/**
 * Where the measurements of each response go (a metrics registry), kept as an interface so that
 * this package stays free of any metrics library. One {@link Recorder} per upstream, made when the
 * upstream is added and closed when it is.
 */
@FunctionalInterface
public interface Telemetry {

  /** Records nothing. */
  Telemetry NONE = (service, upstream) -> Recorder.NONE;

  /** The recorder of a new upstream of {@code service}. */
  Recorder recorder(String service, String upstream);

  /**
   * A TCP-mode tunnel of {@code service} started, its bytes moved by {@code splice(2)} in the
   * kernel when {@code spliced}, else copied through the proxy's memory. Returns where the tunnel
   * reports the bytes it copies.
   */
  default LongConsumer tunnel(String service, boolean spliced) {
    return bytes -> {};
  }

  /** Takes the responses of one upstream. */
  interface Recorder {

    Recorder NONE = (status, nanos) -> {};

    /** An attempt answered {@code status} after {@code nanos} (its response head). */
    void response(int status, long nanos);

    /** An attempt failed without a response (the proxy answers 502 or 504, or retries). */
    default void failure(long nanos) {}

    /** The upstream is gone: forget its series. */
    default void close() {}
  }
}
