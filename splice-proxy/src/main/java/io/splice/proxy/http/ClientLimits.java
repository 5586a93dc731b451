package io.splice.proxy.http;

import static io.splice.proxy.util.Checks.atLeast;
import static io.splice.proxy.util.Checks.positive;

import java.time.Duration;

/**
 * What a client may send and for how long, each with the answer past the limit. Build with {@link
 * #builder()}; every value not set keeps its {@code DEFAULT_...} constant.
 *
 * @param maxConnections client connections open at once over all listeners; one more is answered
 *     503 and closed
 * @param maxRequestLineBytes longest request line; 414 beyond
 * @param maxHeaderBytes largest header block; 431 beyond
 * @param maxHeaderCount most header fields in a request; 431 beyond
 * @param maxRequestBodyBytes largest request body; 413 beyond ({@link Long#MAX_VALUE}: no limit)
 * @param maxBufferedBodyBytes a request body up to this size is buffered whole before it is sent,
 *     so that it can be retried on another upstream; a larger one streams to the upstream as it
 *     arrives (with back-pressure) and is not retried once its first byte was sent
 * @param headerTimeout a request head (request line and headers) must arrive within this time from
 *     its first byte, and a new connection must send one within it; 408 and close after it (the
 *     slow-header or slowloris defence)
 * @param idleTimeout a keep-alive connection with no request in progress this long is closed
 */
public record ClientLimits(
    int maxConnections,
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxHeaderCount,
    long maxRequestBodyBytes,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxBufferedBodyBytes) {

  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  /** No limit: bodies stream through in constant memory, whatever their size. */
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = Long.MAX_VALUE;
  public static final int DEFAULT_MAX_BUFFERED_BODY_BYTES = 64 * 1024;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public ClientLimits {
    atLeast(maxConnections, 1, "maxConnections");
    atLeast(maxRequestLineBytes, 256, "maxRequestLineBytes");
    atLeast(maxHeaderBytes, 1024, "maxHeaderBytes");
    atLeast(maxHeaderCount, 1, "maxHeaderCount");
    if (maxRequestBodyBytes < 0) {
      throw new IllegalArgumentException(
          "maxRequestBodyBytes: " + maxRequestBodyBytes + " (expected: >= 0)");
    }
    atLeast(maxBufferedBodyBytes, 0, "maxBufferedBodyBytes");
    positive(headerTimeout, "headerTimeout");
    positive(idleTimeout, "idleTimeout");
  }

  public static ClientLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects limits; {@link #build()} checks them. */
  public static final class Builder {
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxRequestLineBytes = DEFAULT_MAX_REQUEST_LINE_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
    private long maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    private int maxBufferedBodyBytes = DEFAULT_MAX_BUFFERED_BODY_BYTES;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private Builder() {}

    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    public Builder maxRequestLineBytes(int bytes) {
      this.maxRequestLineBytes = bytes;
      return this;
    }

    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = bytes;
      return this;
    }

    public Builder maxHeaderCount(int count) {
      this.maxHeaderCount = count;
      return this;
    }

    public Builder maxRequestBodyBytes(long bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    public Builder maxBufferedBodyBytes(int bytes) {
      this.maxBufferedBodyBytes = bytes;
      return this;
    }

    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public ClientLimits build() {
      return new ClientLimits(
          maxConnections,
          maxRequestLineBytes,
          maxHeaderBytes,
          maxHeaderCount,
          maxRequestBodyBytes,
          headerTimeout,
          idleTimeout,
          maxBufferedBodyBytes);
    }
  }
}
