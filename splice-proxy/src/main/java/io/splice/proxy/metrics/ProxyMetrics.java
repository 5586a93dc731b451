package io.splice.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import io.splice.proxy.route.Telemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The proxy's metrics on the Prometheus Java client, rendered in the Prometheus text format for
 * {@code GET /metrics}:
 *
 * <pre>
 * splice_proxy_requests_total{service="catalog"} 1027
 * splice_proxy_upstream_responses_total{service="catalog",upstream="catalog-1",code="2xx"} 514
 * splice_proxy_upstream_response_seconds_bucket{service="catalog",upstream="catalog-1",le="0.005"} 498
 * </pre>
 *
 * <p>Two kinds: what each response measures (status class, latency) is recorded as it happens,
 * through the {@link Telemetry} this class is; counters the routing state already keeps (requests,
 * failures, retries, ejections, panics, in-flight, draining) are read from a {@link ProxyStatus}
 * taken once per scrape, so that upstreams and services that leave the config leave the metrics.
 */
public final class ProxyMetrics implements Telemetry {

  /** The exposition format's content type (text format 0.0.4). */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  /** Bounds of the latency histogram, in seconds: 1 ms to 10 s. */
  static final double[] LATENCY_BOUNDS = {
    .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10
  };

  private static final String[] CODE_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Supplier<ProxyStatus> status;
  private final Histogram latency;
  private final Counter responses;
  private final Counter attemptFailures;
  private final Counter tunnels;
  private final Counter tunnelBytesCopied;
  private volatile ProxyStatus scraped = new ProxyStatus(0, 0, null);

  /**
   * @param status the routing state, taken once per scrape
   * @param clientConnections client connections open now
   */
  public ProxyMetrics(Supplier<ProxyStatus> status, IntSupplier clientConnections) {
    this.status = requireNonNull(status, "status");
    latency =
        Histogram.builder()
            .name("splice_proxy_upstream_response_seconds")
            .help("Time from the start of an attempt to the upstream's response head.")
            .labelNames("service", "upstream")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .withoutExemplars() // never rendered (text format, no tracing); sampling costs per request
            .register(registry);
    responses =
        Counter.builder()
            .name("splice_proxy_upstream_responses")
            .help("Response heads from upstreams, by status class.")
            .labelNames("service", "upstream", "code")
            .withoutExemplars()
            .register(registry);
    attemptFailures =
        Counter.builder()
            .name("splice_proxy_upstream_attempt_failures")
            .help("Attempts that got no response head: connect error, reset, timeout.")
            .labelNames("service", "upstream")
            .withoutExemplars()
            .register(registry);
    tunnels =
        Counter.builder()
            .name("splice_proxy_tcp_tunnels")
            .help(
                "TCP-mode tunnels started, by relay: splice (splice(2), in the kernel) or copy"
                    + " (through the proxy's memory).")
            .labelNames("service", "relay")
            .register(registry);
    tunnelBytesCopied =
        Counter.builder()
            .name("splice_proxy_tcp_copied_bytes")
            .help(
                "Bytes of TCP-mode tunnels that went through the proxy's memory: all of a copying"
                    + " tunnel, only what splice(2) could not take of a spliced one.")
            .labelNames("service")
            .register(registry);
    GaugeWithCallback.builder()
        .name("splice_proxy_config_version")
        .help("Version of the config in force.")
        .callback(c -> c.call(scraped.configVersion()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("splice_proxy_client_connections")
        .help("Client connections open now, over all listeners.")
        .callback(c -> c.call(clientConnections.getAsInt()))
        .register(registry);
    serviceCounter("splice_proxy_requests", "Requests received from clients.", s -> s.requests());
    serviceCounter(
        "splice_proxy_failures",
        "Requests answered with the proxy's own error (502, 503, 504) or cut off.",
        s -> s.failures());
    serviceCounter(
        "splice_proxy_retries", "Attempts made after a first one failed.", s -> s.retries());
    serviceCounter(
        "splice_proxy_retries_denied",
        "Retries the retry budget refused.",
        s -> s.retriesDenied());
    serviceCounter(
        "splice_proxy_panics",
        "Times the panic threshold triggered (ejection refused or routing to all).",
        s -> s.panics());
    GaugeWithCallback.builder()
        .name("splice_proxy_panic")
        .help("1 while too few upstreams are in rotation and the service routes to all, else 0.")
        .labelNames("service")
        .callback(
            c -> scraped.services().forEach(s -> c.call(s.panic() ? 1 : 0, s.name())))
        .register(registry);
    upstreamCounter(
        "splice_proxy_upstream_requests",
        "Attempts sent to an upstream, retries included.",
        UpstreamStatus::requests);
    upstreamCounter(
        "splice_proxy_upstream_failures", "Attempts that failed.", UpstreamStatus::failures);
    upstreamCounter(
        "splice_proxy_upstream_ejections",
        "Times passive health ejected the upstream.",
        UpstreamStatus::ejections);
    upstreamGauge(
        "splice_proxy_upstream_active_requests",
        "Attempts in flight, connecting included.",
        UpstreamStatus::activeRequests);
    upstreamGauge(
        "splice_proxy_upstream_draining",
        "1 while the upstream is draining (removed, finishing its requests), else 0.",
        u -> UpstreamStatus.DRAINING.equals(u.state()) ? 1 : 0);
    upstreamGauge(
        "splice_proxy_upstream_ejected",
        "1 while passive health keeps the upstream out of rotation, else 0.",
        u -> u.ejected() ? 1 : 0);
  }

  /** Everything, in the Prometheus text format. */
  public String scrape() {
    scraped = status.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public Recorder recorder(String service, String upstream) {
    return new UpstreamRecorder(service, upstream);
  }

  @Override
  public LongConsumer tunnel(String service, boolean spliced) {
    tunnels.labelValues(service, spliced ? "splice" : "copy").inc();
    CounterDataPoint copied = tunnelBytesCopied.labelValues(service);
    return copied::inc;
  }

  private void serviceCounter(String name, String help, ToDoubleFunction<ServiceStatus> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("service")
        .callback(c -> scraped.services().forEach(s -> c.call(value.applyAsDouble(s), s.name())))
        .register(registry);
  }

  private void upstreamCounter(String name, String help, ToDoubleFunction<UpstreamStatus> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("service", "upstream")
        .callback(
            c ->
                scraped
                    .services()
                    .forEach(
                        s ->
                            s.upstreams()
                                .forEach(u -> c.call(value.applyAsDouble(u), s.name(), u.id()))))
        .register(registry);
  }

  private void upstreamGauge(String name, String help, ToDoubleFunction<UpstreamStatus> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("service", "upstream")
        .callback(
            c ->
                scraped
                    .services()
                    .forEach(
                        s ->
                            s.upstreams()
                                .forEach(u -> c.call(value.applyAsDouble(u), s.name(), u.id()))))
        .register(registry);
  }

  /** The data points of one upstream, looked up once. */
  private final class UpstreamRecorder implements Recorder {
    private final String service;
    private final String upstream;
    private final DistributionDataPoint seconds;
    private final CounterDataPoint failed;
    private final CounterDataPoint[] byClass = new CounterDataPoint[CODE_CLASSES.length];

    UpstreamRecorder(String service, String upstream) {
      this.service = service;
      this.upstream = upstream;
      this.seconds = latency.labelValues(service, upstream);
      this.failed = attemptFailures.labelValues(service, upstream);
      for (int i = 0; i < CODE_CLASSES.length; i++) {
        byClass[i] = responses.labelValues(service, upstream, CODE_CLASSES[i]);
      }
    }

    @Override
    public void response(int status, long nanos) {
      int index = status / 100 - 1;
      if (index >= 0 && index < byClass.length) {
        byClass[index].inc();
      }
      seconds.observe(nanos / 1e9);
    }

    @Override
    public void failure(long nanos) {
      failed.inc();
    }

    @Override
    public void close() {
      latency.remove(service, upstream);
      attemptFailures.remove(service, upstream);
      for (String code : CODE_CLASSES) {
        responses.remove(service, upstream, code);
      }
    }
  }
}
