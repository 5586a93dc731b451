package io.splice.image;

import static io.splice.image.TestContexts.request;
import static io.splice.image.TestContexts.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.image.ServiceDefaults.Healthcheck;
import io.splice.image.ServiceDefaults.Port;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health check, ports and stop signal a build offers to a service that runs the image. */
class ServiceDefaultsTest {
  @TempDir Path tmp;

  @Test
  void shellForm_usesTheImagesShell_andDockersDefaultsForWhatIsLeftOut() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM scratch",
        "SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]",
        "EXPOSE 8080 53/udp 9000-9001",
        "HEALTHCHECK --interval=5s --timeout=2s CMD wget -q -O- localhost:8080/health | grep ok",
        "STOPSIGNAL INT",
        ""));

    BuildResult result = Images.build(request(ctx, tmp.resolve("store")).tag("app:1").build());

    ServiceDefaults defaults = result.serviceDefaults();
    Healthcheck check = defaults.healthcheck().orElseThrow();
    assertThat(check.form()).isEqualTo(Healthcheck.Form.SHELL);
    assertThat(check.disabled()).isFalse();
    assertThat(check.command()).containsExactly("wget -q -O- localhost:8080/health | grep ok");
    assertThat(check.argv()).containsExactly("/bin/ash", "-eo", "pipefail", "-c", "wget -q -O- localhost:8080/health | grep ok");
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(check.startPeriod()).isEqualTo(Duration.ZERO);
    assertThat(check.startInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(check.retries()).isEqualTo(3);
    assertThat(defaults.exposedPorts()).containsExactly(
        new Port(53, "udp"), new Port(8080, "tcp"), new Port(9000, "tcp"), new Port(9001, "tcp"));
    assertThat(defaults.exposedPorts().get(1)).hasToString("8080/tcp");
    assertThat(defaults.stopSignal()).contains("SIGINT");
    assertThat(Images.serviceDefaults(tmp.resolve("store"), "app:1")).isEqualTo(defaults);
  }

  @Test
  void execForm_allFlags_andAStoredImageWithoutTag() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", String.join("\n",
        "FROM scratch",
        "HEALTHCHECK --interval=1m30s --timeout=3s --start-period=40s --start-interval=2s --retries=7 \\",
        "  CMD [\"/app/health\", \"--port\", \"8080\"]",
        "STOPSIGNAL 9",
        ""));

    Images.build(request(ctx, tmp.resolve("store")).tag("svc").build());

    ServiceDefaults defaults = Images.serviceDefaults(tmp.resolve("store"), "svc");
    assertThat(defaults.healthcheck()).contains(new Healthcheck(Healthcheck.Form.EXEC,
        List.of("/app/health", "--port", "8080"), List.of("/app/health", "--port", "8080"),
        Duration.ofSeconds(90), Duration.ofSeconds(3), Duration.ofSeconds(40), Duration.ofSeconds(2), 7));
    assertThat(defaults.exposedPorts()).isEmpty();
    assertThat(defaults.stopSignal()).contains("9");
  }

  @Test
  void baseImagesCheck_isInherited_andNoneTurnsItOff() throws Exception {
    Path base = tmp.resolve("base");
    write(base, "Dockerfile", "FROM scratch\nEXPOSE 80\nSTOPSIGNAL SIGQUIT\nHEALTHCHECK CMD [\"/ping\"]\n");
    Path store = tmp.resolve("store");
    Images.build(request(base, store).tag("base:1").build());
    Path inherits = tmp.resolve("inherits");
    write(inherits, "Dockerfile", "FROM base:1\nEXPOSE 443\n");
    Path turnsOff = tmp.resolve("off");
    write(turnsOff, "Dockerfile", "FROM base:1\nHEALTHCHECK NONE\n");

    ServiceDefaults inherited = Images.build(request(inherits, store).build()).serviceDefaults();
    ServiceDefaults off = Images.build(request(turnsOff, store).build()).serviceDefaults();

    assertThat(inherited.healthcheck().map(Healthcheck::argv)).contains(List.of("/ping"));
    assertThat(inherited.exposedPorts()).extracting(Port::toString).containsExactly("80/tcp", "443/tcp");
    assertThat(inherited.stopSignal()).contains("SIGQUIT");
    assertThat(off.healthcheck()).hasValueSatisfying(h -> {
      assertThat(h.disabled()).isTrue();
      assertThat(h.argv()).isEmpty();
    });
  }

  @Test
  void imageWithoutAny_saysNothing() throws Exception {
    Path ctx = tmp.resolve("ctx");
    write(ctx, "Dockerfile", "FROM scratch\nCMD [\"/app\"]\n");

    ServiceDefaults defaults = Images.build(request(ctx, tmp.resolve("store")).build()).serviceDefaults();

    assertThat(defaults).isEqualTo(ServiceDefaults.NONE);
    assertThat(defaults.healthcheck()).isEqualTo(Optional.empty());
  }

  @Test
  void storedImage_missing_failsNamingIt() {
    assertThatThrownBy(() -> Images.serviceDefaults(tmp.resolve("store"), "nope:2"))
        .isInstanceOf(ImageException.class)
        .hasMessage("image nope:2 is not in the local store " + tmp.resolve("store") + " (build it first)");
  }
}
