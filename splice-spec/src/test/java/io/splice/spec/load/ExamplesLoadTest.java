package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.spec.App;
import io.splice.spec.Expose;
import io.splice.spec.ServiceSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example app's own files load: the README runs them. */
class ExamplesLoadTest {
  private static final Path SHOP = Path.of("..", "examples", "shop").toAbsolutePath().normalize();

  @Test
  void load_shopSpliceYaml() throws Exception {
    App app = SpecLoader.load(SHOP);

    assertThat(app.source()).isEqualTo(SHOP.resolve("splice.yaml"));
    assertThat(app.warnings()).isEmpty();
    assertThat(app.startOrder()).extracting(ServiceSpec::name).containsExactly("catalog", "orders", "gateway");
    assertThat(app.service("gateway").expose()).isEqualTo(new Expose("127.0.0.1", 8080));
    assertThat(app.services().values()).extracting(ServiceSpec::replicas).containsExactly(2, 3, 2);
    assertThat(app.services().values()).allSatisfy(service -> assertThat(service.workdir()).isEqualTo(SHOP));
  }

  @Test
  void load_shopComposeFile_sameServices() throws Exception {
    App app = SpecLoader.load(SHOP.resolve("docker-compose.yml"));

    assertThat(app.name()).isEqualTo("shop");
    assertThat(app.services()).containsOnlyKeys("gateway", "catalog", "orders");
    assertThat(app.services().values()).extracting(ServiceSpec::replicas).containsExactly(2, 3, 2);
    assertThat(app.service("gateway").dependsOn()).containsExactlyInAnyOrder("catalog", "orders");
    assertThat(app.service("gateway").expose().port()).isEqualTo(8080);
    assertThat(app.services().values()).allSatisfy(service -> assertThat(service.build()).isNotNull());
  }
}
