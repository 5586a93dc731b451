package io.splice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The service model: build options, and the JSON form in which the daemon stores services. */
class ServiceSpecTest {
  /** Configured as the daemon's store configures it. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private static final Path DIR = Path.of("/srv/shop").toAbsolutePath();
  private static final BuildOptions OPTIONS =
      new BuildOptions(DIR.resolve("web/Dockerfile.prod"), "runtime", ordered("VERSION", "2", "DEBUG", "false"));

  @Test
  void none_noOptionSet() {
    assertThat(BuildOptions.NONE.dockerfile()).isNull();
    assertThat(BuildOptions.NONE.target()).isNull();
    assertThat(BuildOptions.NONE.args()).isEmpty();
    assertThat(BuildOptions.NONE).isEqualTo(new BuildOptions(null, null, Map.of()));
    assertThatThrownBy(() -> BuildOptions.NONE.args().put("A", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void args_copiedInOrderAndUnmodifiable() {
    Map<String, String> args = ordered("Z", "1", "A", "2", "M", "3");

    BuildOptions options = new BuildOptions(null, null, args);
    args.put("LATER", "4");

    assertThat(options.args()).containsExactly(entry("Z", "1"), entry("A", "2"), entry("M", "3"));
    assertThatThrownBy(() -> options.args().remove("Z")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void args_nullNameOrValue_rejected() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("A", null);
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "1");

    assertThatThrownBy(() -> new BuildOptions(null, null, nullValue)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("A");
    assertThatThrownBy(() -> new BuildOptions(null, null, nullName)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new BuildOptions(null, null, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void dockerfileIn_theSetFileOrTheContextsOwn() {
    assertThat(BuildOptions.NONE.dockerfileIn(DIR.resolve("web"))).isEqualTo(DIR.resolve("web/Dockerfile"));
    assertThat(OPTIONS.dockerfileIn(DIR.resolve("other"))).isEqualTo(DIR.resolve("web/Dockerfile.prod"));
  }

  @Test
  void constructorWithoutBuildOptions_none() {
    ServiceSpec service = service();

    assertThat(service.buildOptions()).isEqualTo(BuildOptions.NONE);
    assertThat(service).isEqualTo(service().withBuildOptions(BuildOptions.NONE));
  }

  @Test
  void canonicalConstructor_nullBuildOptionsIsNone() {
    assertThat(service().withBuildOptions(null).buildOptions()).isEqualTo(BuildOptions.NONE);
  }

  @Test
  void withMethods_keepTheBuildOptions() {
    ServiceSpec built = service().withBuildOptions(OPTIONS);
    List<UnaryOperator<ServiceSpec>> changes = List.of(
        s -> s.withReplicas(3),
        s -> s.withRuntime(ServiceSpec.RUNTIME_PROCESS),
        s -> s.withEnv(Map.of("A", "1")),
        s -> s.withCommand(List.of("./web")),
        s -> s.withImage("shop/web:2"),
        s -> s.withHealth(new HealthCheckSpec(HealthCheckSpec.Kind.NONE, null, List.of(), HealthCheckSpec.DEFAULT_INTERVAL,
            HealthCheckSpec.DEFAULT_TIMEOUT, 1, 3, HealthCheckSpec.DEFAULT_START_PERIOD)));

    for (UnaryOperator<ServiceSpec> change : changes) {
      assertThat(change.apply(built).buildOptions()).isSameAs(OPTIONS);
    }
    assertThat(built.withReplicas(3).replicas()).isEqualTo(3);
    assertThat(built.withBuildOptions(BuildOptions.NONE)).isEqualTo(service());
  }

  @Test
  void json_withoutBuildOptions_sameFormAsBefore() throws Exception {
    JsonNode json = JSON.readTree(JSON.writeValueAsString(service()));

    assertThat(json.has("buildOptions")).isFalse();
    assertThat(json.get("stopGracePeriod").asText()).isEqualTo("PT10S");
  }

  @Test
  void json_roundTrip() throws Exception {
    ServiceSpec built = service().withBuildOptions(OPTIONS);

    String json = JSON.writeValueAsString(built);
    ServiceSpec decoded = JSON.readValue(json, ServiceSpec.class);

    assertThat(decoded).isEqualTo(built);
    assertThat(decoded.buildOptions().args()).containsExactly(entry("VERSION", "2"), entry("DEBUG", "false"));
    assertThat(JSON.readValue(JSON.writeValueAsString(service()), ServiceSpec.class)).isEqualTo(service());
  }

  @Test
  void json_storedBeforeBuildOptions_decodesWithNone() throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(JSON.writeValueAsString(service().withBuildOptions(OPTIONS)));
    json.remove("buildOptions");

    assertThat(JSON.treeToValue(json, ServiceSpec.class)).isEqualTo(service());
  }

  @Test
  void json_servingAndTls_leftOutWhenDefault_roundTripWhenSet() throws Exception {
    JsonNode plain = JSON.readTree(JSON.writeValueAsString(new Expose("127.0.0.1", 8080)));
    assertThat(plain.has("tls")).isFalse();
    assertThat(JSON.readTree(JSON.writeValueAsString(service())).has("serving")).isFalse();
    assertThat(service().serving()).isEqualTo(Serving.DEFAULT);

    ServiceSpec grpc = new ServiceSpec("grpc", ServiceSpec.RUNTIME_PROCESS, List.of("./grpc"), DIR, null, null, 2, null,
        null, new Expose("0.0.0.0", 8443, new Tls(DIR.resolve("tls/a.crt"), DIR.resolve("tls/a.key"))), Map.of(),
        HealthCheckSpec.defaultTcp(), List.of(), UpdateStrategy.defaults(), null, Resources.none(),
        ServiceSpec.DEFAULT_STOP_GRACE_PERIOD, BuildOptions.NONE, new Serving(Serving.H2C, true));

    ServiceSpec decoded = JSON.readValue(JSON.writeValueAsString(grpc), ServiceSpec.class);

    assertThat(decoded).isEqualTo(grpc);
    assertThat(decoded.withReplicas(3).serving()).isEqualTo(new Serving(Serving.H2C, true));
    assertThatThrownBy(() -> new Serving("http3", false)).hasMessageContaining("expected: one of [http, h2c, tcp]");
  }

  /** A docker service with a build context, made with the constructor that existed before build options. */
  private static ServiceSpec service() {
    return new ServiceSpec("web", ServiceSpec.RUNTIME_DOCKER, List.of(), DIR, DIR.resolve("web"), null, 2, null, 80,
        null, Map.of("LOG", "info"), HealthCheckSpec.defaultTcp(), List.of(), UpdateStrategy.defaults(), null,
        Resources.none(), ServiceSpec.DEFAULT_STOP_GRACE_PERIOD);
  }

  private static Map<String, String> ordered(String... namesAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }
}
