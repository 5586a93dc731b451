package io.splice.proxy;

import static io.splice.proxy.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.testing.Await;
import io.splice.proxy.testing.FreePorts;
import io.splice.proxy.testing.ProxyFixture;
import io.splice.proxy.testing.TestBackend;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Active health checks through a real proxy against real backends. */
class ActiveHealthTest {

  @RegisterExtension final ProxyFixture proxy = new ProxyFixture();

  @Test
  void failingHealthPath_takesTheUpstreamOut_andPassingBringsItBack() throws Exception {
    TestBackend a = proxy.backend("a");
    TestBackend b = proxy.backend("b");
    int port = FreePorts.next();
    proxy.apply(
        config(
            1,
            new ServiceRoute(
                ProxyFixture.SERVICE,
                ServiceRoute.HTTP,
                List.of(new ListenAddress("127.0.0.1", port)),
                List.of(a.target(), b.target()),
                0,
                null,
                "/health",
                50,
                2,
                2)));

    b.healthy(false);
    Await.until(
        "b is unhealthy",
        () ->
            proxy
                .upstream(ProxyFixture.SERVICE, "b")
                .health()
                .contains("active checks: unhealthy: 2 consecutive checks failed (last: HTTP 503)"));
    int bBefore = b.requests();
    for (int i = 0; i < 20; i++) {
      assertThat(proxy.get(port, "/").body()).isEqualTo("a");
    }
    assertThat(b.requests() - bBefore).as("only health checks reach b").isLessThan(20);

    b.healthy(true);
    Await.until(
        "b is healthy again",
        () ->
            proxy
                .upstream(ProxyFixture.SERVICE, "b")
                .health()
                .contains("active checks: healthy: 2 consecutive checks passed (last: HTTP 200)"));
    Await.until("b serves again", () -> proxy.get(port, "/").body().equals("b"));
    assertThat(proxy.service(ProxyFixture.SERVICE).failures()).isZero();
  }
}
