package io.splice.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin records stay readable both ways: JSON from an older control plane (without the fields
 * added later) loads with their defaults, and the newer fields round-trip.
 */
class AdminRecordsJsonTest {

  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void olderConfig_withoutTheNewFields_loadsWithTheirDefaults() throws Exception {
    String older =
        "{\"version\": 3, \"services\": [{\"name\": \"catalog\", \"protocol\": \"http\","
            + " \"listeners\": [{\"host\": \"127.0.0.1\", \"port\": 8081}],"
            + " \"upstreams\": [{\"id\": \"c1\", \"host\": \"127.0.0.1\", \"port\": 9001,"
            + " \"weight\": 1}], \"drainTimeoutMillis\": 0}]}";

    ProxyConfig config = json.readValue(older, ProxyConfig.class);

    ServiceRoute route = config.services().get(0);
    assertThat(route.upstreamProtocol()).isEqualTo(ServiceRoute.HTTP_1_1);
    assertThat(route.h2cUpstreams()).isFalse();
    assertThat(route.listeners().get(0)).isEqualTo(new ListenAddress("127.0.0.1", 8081));
    assertThat(route.listeners().get(0).tls()).isFalse();
    assertThat(route.upstreams().get(0)).isEqualTo(new UpstreamTarget("c1", "127.0.0.1", 9001, 1));
    assertThat(route.upstreams().get(0).path()).isNull();
  }

  @Test
  void newFields_roundTrip() throws Exception {
    ServiceRoute route =
        new ServiceRoute(
            "catalog",
            ServiceRoute.HTTP,
            List.of(new ListenAddress("0.0.0.0", 8443, "/etc/tls/c.crt", "/etc/tls/c.key")),
            List.of(UpstreamTarget.unixSocket("c1", "/run/c1.sock", 2, "stable")),
            0,
            null,
            null,
            0,
            0,
            0,
            ServiceRoute.H2C);
    ProxyConfig config = new ProxyConfig(4, List.of(route));

    String text = json.writeValueAsString(config);
    ProxyConfig back = json.readValue(text, ProxyConfig.class);

    assertThat(back).isEqualTo(config);
    assertThat(text)
        .contains("\"certFile\":\"/etc/tls/c.crt\"")
        .contains("\"keyFile\":\"/etc/tls/c.key\"")
        .contains("\"path\":\"/run/c1.sock\"")
        .contains("\"upstreamProtocol\":\"h2c\"")
        .doesNotContain("\"tls\"")
        .doesNotContain("h2cUpstreams");
  }

  @Test
  void olderStatus_withoutThePath_loads() throws Exception {
    String older =
        "{\"id\": \"c1\", \"host\": \"127.0.0.1\", \"port\": 9001, \"state\": \"active\","
            + " \"activeRequests\": 0, \"requests\": 5, \"failures\": 0}";

    UpstreamStatus status = json.readValue(older, UpstreamStatus.class);

    assertThat(status.path()).isNull();
    assertThat(status.requests()).isEqualTo(5);
  }
}
