package io.splice.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.splice.proxy.ConfigRejectedException.Reason;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.balancer.Balancer;
import io.splice.proxy.health.HealthEvent;
import io.splice.proxy.http.Backends;
import io.splice.proxy.http.ConnectionCount;
import io.splice.proxy.http.HealthProbe;
import io.splice.proxy.http.HttpProxyContext;
import io.splice.proxy.http.ListenerTls;
import io.splice.proxy.metrics.ProxyMetrics;
import io.splice.proxy.route.RetryPolicy;
import io.splice.proxy.route.Scheduler;
import io.splice.proxy.route.Service;
import io.splice.proxy.route.ServiceOptions;
import io.splice.proxy.route.Telemetry;
import io.splice.proxy.transport.Transport;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running proxy: its listeners, upstream pools, config file and admin endpoint.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(ProxySettings.builder(dir).adminPort(7070).build())) {
 *   proxy.apply(config);   // what PUT /config does
 *   proxy.awaitClosed();
 * }
 * }</pre>
 *
 * <p>{@link #start} applies the config saved in the directory, if any, and binds its listeners
 * before the admin endpoint answers: a restarted proxy serves before the control plane pushes.
 */
public final class ProxyServer implements AutoCloseable {

  private final ProxySettings settings;
  private final Transport transport;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final Backends backends;
  private final RouteTable routes;
  private final ConfigFile configFile;
  private final ObjectMapper json;
  private final ProxyMetrics metrics;
  private final Object applyLock = new Object();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile AdminServer admin;

  private ProxyServer(ProxySettings settings) {
    this.settings = settings;
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.transport = Transport.select(settings.preferNativeTransport());
    this.acceptors = transport.newEventLoopGroup(1, "splice-proxy-accept");
    this.workers = transport.newEventLoopGroup(settings.workerThreads(), "splice-proxy-io");
    this.backends =
        new Backends(
            transport,
            settings.connectTimeout(),
            settings.upstreamIdleTimeout(),
            settings.client().maxHeaderBytes());
    ConnectionCount clients = new ConnectionCount(settings.client().maxConnections());
    this.metrics = new ProxyMetrics(this::status, clients::open);
    HttpProxyContext http =
        new HttpProxyContext(
            transport,
            Balancer.powerOfTwoLeastLoaded(),
            RetryPolicy.defaults(),
            backends,
            settings.responseTimeout(),
            settings.tryTimeout(),
            settings.client(),
            clients,
            settings.tcpSplice());
    Scheduler scheduler = scheduler(workers);
    this.routes =
        new RouteTable(
            http,
            acceptors,
            workers,
            name -> new Service(name, scheduler, backends::close, serviceOptions(settings, metrics)),
            settings.defaultDrainTimeout(),
            new HealthProbe(transport, workers));
    this.configFile = new ConfigFile(settings.configFile(), json);
  }

  /**
   * Starts a proxy: applies the saved config (binding its listeners), then opens the admin
   * endpoint. A saved config that cannot be read or applied is logged and skipped, so that the
   * control plane can still reach the proxy and push a good one.
   *
   * @throws IOException when the admin endpoint cannot be bound
   */
  public static ProxyServer start(ProxySettings settings) throws IOException {
    requireNonNull(settings, "settings");
    ProxyServer proxy = new ProxyServer(settings);
    try {
      proxy.loadSavedConfig();
      proxy.admin =
          AdminServer.start(settings.adminHost(), settings.adminPort(), proxy, proxy.json);
    } catch (IOException | RuntimeException e) {
      proxy.close();
      throw e;
    }
    ProxyLog.info(
        "started: pid "
            + ProcessHandle.current().pid()
            + ", transport "
            + proxy.transport
            + ", admin on "
            + proxy.admin.address()
            + ", config version "
            + proxy.config().version());
    return proxy;
  }

  /**
   * Applies {@code config}: validates it, binds new listeners, writes it to disk, swaps it in, and
   * logs one line. A config with the version in force is applied again (pushes are idempotent).
   *
   * @throws ConfigRejectedException when it is invalid, older than the config in force, or cannot
   *     be bound or saved; the config in force is then unchanged
   */
  public void apply(ProxyConfig config) throws ConfigRejectedException {
    requireNonNull(config, "config");
    List<String> problems = ConfigValidator.problems(config);
    if (!problems.isEmpty()) {
      throw new ConfigRejectedException(Reason.INVALID, String.join("; ", problems));
    }
    Map<String, ListenerTls> tls = ListenerCertificates.load(config);
    synchronized (applyLock) {
      if (closing.get()) {
        throw new ConfigRejectedException(Reason.STOPPING, "the proxy is stopping");
      }
      long inForce = config().version();
      if (config.version() < inForce) {
        throw new ConfigRejectedException(
            Reason.STALE_VERSION,
            "version: "
                + config.version()
                + " (expected: >= "
                + inForce
                + ", the version in force)");
      }
      try {
        routes.apply(config, tls, configFile::write);
      } catch (IOException e) {
        throw new ConfigRejectedException(Reason.NOT_APPLIED, e.getMessage(), e);
      }
      ProxyLog.info(StatusReport.describe(config));
    }
  }

  /** The config in force; {@link ProxyConfig#EMPTY} before the first one. */
  public ProxyConfig config() {
    return routes.snapshot().config();
  }

  public ProxyStatus status() {
    return StatusReport.status(routes.snapshot());
  }

  /** The metrics in the Prometheus text format. */
  public String metrics() {
    return metrics.scrape();
  }

  /** The port the admin endpoint is bound to (useful with {@code adminPort(0)}). */
  public int adminPort() {
    return admin.address().getPort();
  }

  /** {@code "epoll"} or {@code "nio"}. */
  public String transport() {
    return transport.name();
  }

  /**
   * Stops: the admin endpoint closes, listeners stop accepting, requests in progress get up to
   * {@link ProxySettings#shutdownGrace()} to finish, then every connection is closed. Idempotent; a
   * second caller waits for the first to finish.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosedUninterruptibly();
      return;
    }
    try {
      AdminServer adminServer = admin;
      if (adminServer != null) {
        adminServer.stop();
      }
      int open;
      synchronized (applyLock) {
        open = routes.connectionCount();
        routes.stopAccepting();
      }
      boolean drained = awaitClientsClosed(Instant.now().plus(settings.shutdownGrace()));
      int cut = routes.connectionCount();
      routes.closeNow();
      backends.closeAll();
      acceptors
          .shutdownGracefully(0, 1, TimeUnit.SECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      ProxyLog.info(
          drained
              ? "stopped: " + StatusReport.plural(open, "client connection") + " closed gracefully"
              : "stopped after the grace period: "
                  + StatusReport.plural(cut, "client connection")
                  + " cut");
    } finally {
      closed.countDown();
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void loadSavedConfig() {
    Optional<ProxyConfig> saved;
    try {
      saved = configFile.read();
    } catch (IOException | RuntimeException e) {
      ProxyLog.warn("cannot read " + configFile.path() + ", starting empty: " + e.getMessage());
      return;
    }
    if (saved.isEmpty()) {
      return;
    }
    try {
      apply(saved.get());
    } catch (ConfigRejectedException e) {
      ProxyLog.warn("cannot apply " + configFile.path() + ", starting empty: " + e.getMessage());
    }
  }

  private boolean awaitClientsClosed(Instant deadline) {
    try {
      return routes.awaitConnectionsClosed(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitClosedUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        closed.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ServiceOptions serviceOptions(ProxySettings settings, Telemetry telemetry) {
    return new ServiceOptions(
        settings.outliers(),
        settings.retryBudget(),
        settings.slowStart(),
        settings.latencyDecay(),
        System::nanoTime,
        ProxyServer::logHealth,
        telemetry);
  }

  private static void logHealth(HealthEvent event) {
    if (event.kind() == HealthEvent.Kind.READMITTED
        || event.kind() == HealthEvent.Kind.PANIC_ENDED
        || event.kind() == HealthEvent.Kind.HEALTHY) {
      ProxyLog.info(event.toString());
    } else {
      ProxyLog.warn(event.toString());
    }
  }

  private static Scheduler scheduler(EventLoopGroup loops) {
    return (task, delay) -> {
      ScheduledFuture<?> future = loops.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
