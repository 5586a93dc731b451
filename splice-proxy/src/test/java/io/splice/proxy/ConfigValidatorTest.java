package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  private static ServiceRoute service(String name, int port, UpstreamTarget... upstreams) {
    return new ServiceRoute(
        name, "http", List.of(new ListenAddress("127.0.0.1", port)), List.of(upstreams), 0);
  }

  private static UpstreamTarget upstream(String id, int port) {
    return new UpstreamTarget(id, "127.0.0.1", port, 1);
  }

  @Test
  void problems_validConfig_none() {
    ProxyConfig config =
        new ProxyConfig(
            3,
            List.of(
                service("catalog", 8081, upstream("c1", 9001), upstream("c2", 9002)),
                service("orders", 8082, upstream("c1", 9003))));

    assertThat(ConfigValidator.problems(config)).isEmpty();
    assertThat(ConfigValidator.problems(ProxyConfig.EMPTY)).isEmpty();
  }

  @Test
  void problems_tls_halfGiven_orOnATcpService() {
    ServiceRoute http =
        new ServiceRoute(
            "web",
            "http",
            List.of(
                new ListenAddress("127.0.0.1", 8443, "/tls/web.crt", null),
                new ListenAddress("127.0.0.1", 8444, "/tls/web.crt", "/tls/web.key")),
            List.of(),
            0);
    ServiceRoute tcp =
        new ServiceRoute(
            "db",
            "tcp",
            List.of(new ListenAddress("127.0.0.1", 5432, "/tls/db.crt", "/tls/db.key")),
            List.of(),
            0);

    assertThat(ConfigValidator.problems(new ProxyConfig(1, List.of(http, tcp))))
        .containsExactly(
            "services[0].listeners[0].keyFile: null (expected: set together with certFile)",
            "services[1].listeners[0]: TLS on a \"tcp\" service (expected: certFile and keyFile"
                + " only on \"http\" services)");
  }

  @Test
  void problems_duplicateServiceName() {
    ProxyConfig config =
        new ProxyConfig(1, List.of(service("catalog", 8081), service("catalog", 8082)));

    assertThat(ConfigValidator.problems(config))
        .containsExactly("services[1].name: \"catalog\" (expected: unique; services[0] has it)");
  }

  @Test
  void problems_portsOutOfRange() {
    ProxyConfig config = new ProxyConfig(1, List.of(service("catalog", 0, upstream("c1", 70000))));

    assertThat(ConfigValidator.problems(config))
        .containsExactly(
            "services[0].listeners[0].port: 0 (expected: 1..65535)",
            "services[0].upstreams[0].port: 70000 (expected: 1..65535)");
  }

  @Test
  void problems_sameAddressInTwoServices() {
    ServiceRoute other =
        new ServiceRoute(
            "orders", "http", List.of(new ListenAddress("127.0.0.1", 8081)), List.of(), 0);
    ProxyConfig config = new ProxyConfig(1, List.of(service("catalog", 8081), other));

    assertThat(ConfigValidator.problems(config))
        .containsExactly(
            "services[1].listeners[0]: 127.0.0.1:8081"
                + " (expected: bound once; services[0].listeners[0] has it)");
  }

  @Test
  void problems_badNameProtocolAndUpstreams() {
    ServiceRoute bad =
        new ServiceRoute(
            " spaced",
            "udp",
            List.of(new ListenAddress("", 8081)),
            List.of(upstream("u", 9000), upstream("u", 9001), new UpstreamTarget(null, "h", 1, -1)),
            -5);

    assertThat(ConfigValidator.problems(new ProxyConfig(-1, List.of(bad))))
        .containsExactly(
            "version: -1 (expected: >= 0)",
            "services[0].name: \" spaced\" (expected: 1 to 128 letters, digits, '.', '_' or '-',"
                + " not starting with a sign)",
            "services[0].protocol: \"udp\" (expected: \"http\" or \"tcp\")",
            "services[0].drainTimeoutMillis: -5 (expected: >= 0)",
            "services[0].listeners[0].host: \"\" (expected: not blank)",
            "services[0].upstreams[1].id: \"u\" (expected: unique; services[0].upstreams[0] has"
                + " it)",
            "services[0].upstreams[2].id: null (expected: not blank)",
            "services[0].upstreams[2].weight: -1 (expected: >= 0)");
  }

  @Test
  void records_nullListsAndProtocol_readAsDefaults() {
    ServiceRoute route = new ServiceRoute("catalog", null, null, null, 0);

    assertThat(route.protocol()).isEqualTo("http");
    assertThat(route.listeners()).isEmpty();
    assertThat(new ProxyConfig(1, null).services()).isEmpty();
  }

  @Test
  void problems_groupWeights_negativeOrNullWeight_andBlankGroup() {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("stable", 90);
    weights.put("canary", -1);
    weights.put("blue", null);
    ServiceRoute route =
        new ServiceRoute(
            "catalog",
            "http",
            List.of(new ListenAddress("127.0.0.1", 8081)),
            List.of(new UpstreamTarget("c1", "127.0.0.1", 9001, 1, " ")),
            0,
            weights);

    assertThat(ConfigValidator.problems(new ProxyConfig(1, List.of(route))))
        .containsExactly(
            "services[0].upstreams[0].group: \" \" (expected: null or not blank)",
            "services[0].groupWeights.canary: -1 (expected: >= 0)",
            "services[0].groupWeights.blue: null (expected: >= 0)");
  }
}
