package io.splice.proxy;

import io.splice.proxy.admin.ProxyStatus;
import io.splice.proxy.admin.ServiceStatus;
import io.splice.proxy.admin.UpstreamStatus;
import java.util.function.ToLongFunction;

/**
 * Renders a {@link ProxyStatus} in the Prometheus text exposition format (version 0.0.4):
 *
 * <pre>
 * # TYPE splice_proxy_requests_total counter
 * splice_proxy_requests_total{service="catalog"} 1027
 * splice_proxy_upstream_requests_total{service="catalog",upstream="catalog-1"} 514
 * </pre>
 */
final class MetricsText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsText() {}

  static String render(ProxyStatus status) {
    StringBuilder out = new StringBuilder(1024);
    header(out, "splice_proxy_config_version", "gauge", "Version of the config in force.");
    out.append("splice_proxy_config_version ").append(status.configVersion()).append('\n');

    header(out, "splice_proxy_requests_total", "counter", "Requests received from clients.");
    for (ServiceStatus service : status.services()) {
      sample(out, "splice_proxy_requests_total", service.name(), null, service.requests());
    }
    header(
        out,
        "splice_proxy_failures_total",
        "counter",
        "Requests answered with the proxy's own error (502, 503, 504) or cut off.");
    for (ServiceStatus service : status.services()) {
      sample(out, "splice_proxy_failures_total", service.name(), null, service.failures());
    }
    header(
        out,
        "splice_proxy_upstream_requests_total",
        "counter",
        "Attempts sent to an upstream, retries included.");
    forEachUpstream(out, status, "splice_proxy_upstream_requests_total", UpstreamStatus::requests);
    header(out, "splice_proxy_upstream_failures_total", "counter", "Attempts that failed.");
    forEachUpstream(out, status, "splice_proxy_upstream_failures_total", UpstreamStatus::failures);
    header(
        out,
        "splice_proxy_upstream_active_requests",
        "gauge",
        "Attempts in flight, connecting included.");
    forEachUpstream(
        out, status, "splice_proxy_upstream_active_requests", UpstreamStatus::activeRequests);
    header(
        out,
        "splice_proxy_upstream_draining",
        "gauge",
        "1 while the upstream is draining (removed, finishing its requests), else 0.");
    forEachUpstream(
        out,
        status,
        "splice_proxy_upstream_draining",
        u -> UpstreamStatus.DRAINING.equals(u.state()) ? 1 : 0);
    return out.toString();
  }

  private static void forEachUpstream(
      StringBuilder out, ProxyStatus status, String metric, ToLongFunction<UpstreamStatus> value) {
    for (ServiceStatus service : status.services()) {
      for (UpstreamStatus upstream : service.upstreams()) {
        sample(out, metric, service.name(), upstream.id(), value.applyAsLong(upstream));
      }
    }
  }

  private static void header(StringBuilder out, String metric, String type, String help) {
    out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String metric, String service, String upstream, long value) {
    out.append(metric).append("{service=\"").append(escape(service)).append('"');
    if (upstream != null) {
      out.append(",upstream=\"").append(escape(upstream)).append('"');
    }
    out.append("} ").append(value).append('\n');
  }

  /** Label value escaping: backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
