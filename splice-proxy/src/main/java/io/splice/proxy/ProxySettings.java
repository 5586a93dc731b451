package io.splice.proxy;

import static io.splice.proxy.util.Checks.atLeast;
import static io.splice.proxy.util.Checks.positive;
import static java.util.Objects.requireNonNull;

import io.splice.proxy.health.OutlierPolicy;
import io.splice.proxy.health.RetryBudget;
import io.splice.proxy.http.ClientLimits;
import io.splice.proxy.route.ServiceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a proxy process runs: where it keeps its config, where its admin endpoint listens, and its
 * limits and timeouts. Build with {@link #builder(Path)}; every value not set keeps its {@code
 * DEFAULT_...} constant.
 *
 * <pre>{@code
 * ProxySettings settings = ProxySettings.builder(dir).adminPort(7070).build();
 * }</pre>
 *
 * @param dir holds {@value #CONFIG_FILE_NAME}; created if missing
 * @param adminHost the admin endpoint's address, loopback by default
 * @param adminPort the admin endpoint's port; 0 picks a free one (see {@link
 *     ProxyServer#adminPort()})
 * @param connectTimeout connecting to an upstream; a slower connect is retried elsewhere
 * @param responseTimeout from a request's first attempt until its response head, retries
 *     included; 504 after
 * @param tryTimeout the same for one attempt: past it an idempotent request is retried on another
 *     upstream when the retry rules allow (the default equals the response timeout: no early retry)
 * @param upstreamIdleTimeout a pooled upstream connection unused this long is closed; keep it below
 *     the upstreams' own keep-alive timeout
 * @param shutdownGrace on stop, how long requests in progress may take to finish
 * @param defaultDrainTimeout drain timeout of a service whose config says 0
 * @param client what clients may send and for how long: connections, request line, headers, body,
 *     header and idle timeouts (see {@link ClientLimits})
 * @param outliers passive ejection of failing upstreams (see {@link OutlierPolicy})
 * @param retryBudget retries allowed per service (see {@link RetryBudget.Policy})
 * @param slowStart how long a new or re-admitted upstream takes to reach its full weight; 0 for
 *     none
 * @param latencyDecay τ of the peak-EWMA latency estimate the balancer weighs
 * @param workerThreads event loop threads serving connections
 * @param preferNativeTransport use epoll when available (else NIO)
 * @param tcpSplice TCP-mode tunnels move their bytes with {@code splice(2)}, without copying them,
 *     when both sides are epoll channels (on NIO they are always copied)
 */
public record ProxySettings(
    Path dir,
    String adminHost,
    int adminPort,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration tryTimeout,
    Duration upstreamIdleTimeout,
    Duration shutdownGrace,
    Duration defaultDrainTimeout,
    ClientLimits client,
    OutlierPolicy outliers,
    RetryBudget.Policy retryBudget,
    Duration slowStart,
    Duration latencyDecay,
    int workerThreads,
    boolean preferNativeTransport,
    boolean tcpSplice) {

  public static final String CONFIG_FILE_NAME = "proxy-config.json";
  public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_UPSTREAM_IDLE_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  public ProxySettings {
    requireNonNull(dir, "dir");
    requireNonNull(adminHost, "adminHost");
    if (adminPort < 0 || adminPort > 65535) {
      throw new IllegalArgumentException("adminPort: " + adminPort + " (expected: 0..65535)");
    }
    positive(connectTimeout, "connectTimeout");
    positive(responseTimeout, "responseTimeout");
    positive(tryTimeout, "tryTimeout");
    positive(upstreamIdleTimeout, "upstreamIdleTimeout");
    positive(shutdownGrace, "shutdownGrace");
    positive(defaultDrainTimeout, "defaultDrainTimeout");
    requireNonNull(client, "client");
    requireNonNull(outliers, "outliers");
    requireNonNull(retryBudget, "retryBudget");
    requireNonNull(slowStart, "slowStart");
    positive(latencyDecay, "latencyDecay");
    atLeast(workerThreads, 1, "workerThreads");
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The config file in {@link #dir()}. */
  public Path configFile() {
    return dir.resolve(CONFIG_FILE_NAME);
  }

  /** Collects settings; {@link #build()} checks them. */
  public static final class Builder {
    private final Path dir;
    private String adminHost = DEFAULT_ADMIN_HOST;
    private int adminPort;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private Duration tryTimeout;
    private Duration upstreamIdleTimeout = DEFAULT_UPSTREAM_IDLE_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration defaultDrainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private final ClientLimits.Builder client = ClientLimits.builder();
    private OutlierPolicy outliers = OutlierPolicy.defaults();
    private RetryBudget.Policy retryBudget = RetryBudget.Policy.defaults();
    private Duration slowStart = ServiceOptions.DEFAULT_SLOW_START;
    private Duration latencyDecay = ServiceOptions.DEFAULT_LATENCY_DECAY;
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private boolean preferNativeTransport = true;
    private boolean tcpSplice = true;

    private Builder(Path dir) {
      this.dir = requireNonNull(dir, "dir");
    }

    public Builder adminHost(String host) {
      this.adminHost = host;
      return this;
    }

    public Builder adminPort(int port) {
      this.adminPort = port;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    /** Per-attempt timeout; by default the response timeout (no early retry). */
    public Builder tryTimeout(Duration timeout) {
      this.tryTimeout = timeout;
      return this;
    }

    public Builder outliers(OutlierPolicy policy) {
      this.outliers = policy;
      return this;
    }

    public Builder retryBudget(RetryBudget.Policy policy) {
      this.retryBudget = policy;
      return this;
    }

    public Builder slowStart(Duration window) {
      this.slowStart = window;
      return this;
    }

    public Builder latencyDecay(Duration decay) {
      this.latencyDecay = decay;
      return this;
    }

    public Builder upstreamIdleTimeout(Duration timeout) {
      this.upstreamIdleTimeout = timeout;
      return this;
    }

    /** Same as {@code client(c -> c.idleTimeout(timeout))}. */
    public Builder clientIdleTimeout(Duration timeout) {
      client.idleTimeout(timeout);
      return this;
    }

    /** Changes the client limits, starting from their defaults. */
    public Builder client(Consumer<ClientLimits.Builder> change) {
      change.accept(client);
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public Builder defaultDrainTimeout(Duration timeout) {
      this.defaultDrainTimeout = timeout;
      return this;
    }

    /** Same as {@code client(c -> c.maxRequestBodyBytes(bytes))}. */
    public Builder maxRequestBodyBytes(long bytes) {
      client.maxRequestBodyBytes(bytes);
      return this;
    }

    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    public Builder preferNativeTransport(boolean prefer) {
      this.preferNativeTransport = prefer;
      return this;
    }

    /** Whether TCP-mode tunnels use {@code splice(2)} on epoll (the default) or copy. */
    public Builder tcpSplice(boolean splice) {
      this.tcpSplice = splice;
      return this;
    }

    public ProxySettings build() {
      return new ProxySettings(
          dir,
          adminHost,
          adminPort,
          connectTimeout,
          responseTimeout,
          tryTimeout != null ? tryTimeout : responseTimeout,
          upstreamIdleTimeout,
          shutdownGrace,
          defaultDrainTimeout,
          client.build(),
          outliers,
          retryBudget,
          slowStart,
          latencyDecay,
          workerThreads,
          preferNativeTransport,
          tcpSplice);
    }
  }
}
