package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void read_noFile_isEmpty() throws Exception {
    assertThat(new ConfigFile(dir.resolve("proxy-config.json"), json).read()).isEmpty();
  }

  @Test
  void write_thenRead_roundTrips_andLeavesNoTemporaryFile() throws Exception {
    ConfigFile file = new ConfigFile(dir.resolve("proxy-config.json"), json);
    ProxyConfig first = new ProxyConfig(1, List.of());
    ProxyConfig second =
        new ProxyConfig(
            2,
            List.of(
                new ServiceRoute(
                    "catalog",
                    "http",
                    List.of(new ListenAddress("127.0.0.1", 8081)),
                    List.of(new UpstreamTarget("c1", "127.0.0.1", 9001, 2)),
                    500)));

    file.write(first);
    file.write(second);

    assertThat(file.read()).contains(second);
    try (var files = Files.list(dir)) {
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("proxy-config.json");
    }
  }
}
