package io.splice.proxy.admin;

import static io.splice.proxy.testing.Configs.config;
import static io.splice.proxy.testing.Configs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin client against a real proxy's admin endpoint. */
class ProxyAdminClientTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  private ProxyAdminClient client;

  @BeforeEach
  void start() {
    client = proxy.admin();
  }

  @Test
  void roundTrip_applyConfigStatusPing() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = FreePorts.next();
    ProxyConfig config = config(7, service("catalog", port, a, b));

    assertThat(client.ping()).isTrue();
    assertThat(client.config()).isEqualTo(ProxyConfig.EMPTY);
    client.apply(config);

    assertThat(client.config()).isEqualTo(config);
    assertThat(proxy.get(port, "/").statusCode()).isEqualTo(200);
    ProxyStatus status = client.status();
    assertThat(status.configVersion()).isEqualTo(7);
    assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
    ServiceStatus catalog = status.services().get(0);
    assertThat(catalog.name()).isEqualTo("catalog");
    assertThat(catalog.listeners()).containsExactly(new ListenAddress("127.0.0.1", port));
    assertThat(catalog.requests()).isEqualTo(1);
    assertThat(catalog.upstreams())
        .extracting(UpstreamStatus::id, UpstreamStatus::port, UpstreamStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", a.port(), "active"),
            org.assertj.core.groups.Tuple.tuple("b", b.port(), "active"));
    assertThat(catalog.upstreams().stream().mapToLong(UpstreamStatus::requests).sum()).isEqualTo(1);
  }

  @Test
  void apply_invalid_throwsWithTheProxysMessage() {
    ProxyConfig invalid =
        new ProxyConfig(
            1,
            List.of(
                new ServiceRoute(
                    "catalog", "http", List.of(new ListenAddress("127.0.0.1", 0)), List.of(), 0)));

    assertThatThrownBy(() -> client.apply(invalid))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(
            "/config: HTTP 400: services[0].listeners[0].port: 0 (expected: 1..65535)");
  }

  @Test
  void apply_olderVersion_throwsWith409() throws Exception {
    client.apply(config(3));

    assertThatThrownBy(() -> client.apply(config(2)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 409: version: 2 (expected: >= 3, the version in force)");
  }

  @Test
  void ping_nothingListening_isFalse() {
    assertThat(new ProxyAdminClient("127.0.0.1", FreePorts.next()).ping()).isFalse();
  }

  @Test
  void metrics_prometheusText() throws Exception {
    TestBackend a = proxy.backend("a");
    int port = FreePorts.next();
    client.apply(config(2, service("catalog", port, a)));
    proxy.get(port, "/");

    HttpResponse<String> metrics = adminGet("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains("# TYPE splice_proxy_requests_total counter\n")
        .contains("splice_proxy_config_version 2.0\n")
        .contains("splice_proxy_requests_total{service=\"catalog\"} 1.0\n")
        .contains("splice_proxy_failures_total{service=\"catalog\"} 0.0\n")
        .contains("splice_proxy_retries_total{service=\"catalog\"} 0.0\n")
        .contains("splice_proxy_panic{service=\"catalog\"} 0.0\n")
        .contains("splice_proxy_client_connections 1.0\n")
        .contains("splice_proxy_upstream_requests_total{service=\"catalog\",upstream=\"a\"} 1.0\n")
        .contains("splice_proxy_upstream_failures_total{service=\"catalog\",upstream=\"a\"} 0.0\n")
        .contains("splice_proxy_upstream_active_requests{service=\"catalog\",upstream=\"a\"} 0.0\n")
        .contains("splice_proxy_upstream_ejections_total{service=\"catalog\",upstream=\"a\"} 0.0\n")
        .contains(
            "splice_proxy_upstream_responses_total{code=\"2xx\",service=\"catalog\",upstream=\"a\"}"
                + " 1.0\n")
        .contains(
            "splice_proxy_upstream_response_seconds_count{service=\"catalog\",upstream=\"a\"} 1\n")
        .contains("# TYPE splice_proxy_upstream_response_seconds histogram\n");
  }

  @Test
  void endpoint_errors() throws Exception {
    assertThat(adminGet("/healthz").body()).isEqualTo("ok\n");
    assertThat(adminGet("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> badJson = adminPut("/config", "{\"version\": ");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.body()).startsWith("invalid config JSON: ");
    HttpResponse<String> wrongMethod = adminPut("/status", "{}");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET");
    assertThat(adminPut("/config", "{\"version\": 4, \"future\": true}").statusCode())
        .isEqualTo(200);
  }

  private HttpResponse<String> adminGet(String path) throws Exception {
    return proxy
        .http()
        .send(
            HttpRequest.newBuilder(admin(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> adminPut(String path, String body) throws Exception {
    return proxy
        .http()
        .send(
            HttpRequest.newBuilder(admin(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private URI admin(String path) {
    return URI.create("http://127.0.0.1:" + proxy.server().adminPort() + path);
  }
}
