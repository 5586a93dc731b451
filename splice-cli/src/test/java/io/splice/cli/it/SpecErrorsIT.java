package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken spec stops {@code splice up} before any daemon starts, with positions and no stack trace. */
class SpecErrorsIT {
  @TempDir Path dir;

  @Test
  void up_brokenSpec_listsEveryErrorWithPosition() throws Exception {
    Path spec = dir.resolve("splice.yaml");
    Files.writeString(spec, """
        app: shop
        services:
          catalog:
            command: ["true"]
            replcas: 2
          gateway:
            command: ["true"]
            depends_on: [catalgo]
        """);
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("up", "-d", spec.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("splice.yaml:5:5: services.catalog.replcas: unknown key (did you mean 'replicas'?)")
        .contains("splice.yaml:8:18: services.gateway.depends_on[0]: 'catalgo' (expected: a service of this app; did you mean 'catalog'?)")
        .doesNotContain("Exception", "\tat ");
    assertThat(dir.resolve("state").resolve("daemon.json")).doesNotExist();
  }

  @Test
  void up_missingSpec_saysWhatWasExpected() throws Exception {
    Splice splice = new Splice(dir.resolve("state"), Map.of());

    Splice.Result result = splice.run("up", dir.resolve("nowhere").toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("nowhere: not found").doesNotContain("\tat ");
  }
}
