package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code splice build --check} lints a Dockerfile through the real jar, without building anything. */
class BuildCheckIT {
  private static final String DOCKERFILE = """
      FROM golang:1.23 AS Build
      WORKDIR /src
      COPY . .
      RUN go build -o /bin/app ./cmd/app

      FROM debian:12-slim
      MAINTAINER ops@example.com
      RUN apt-get update && apt-get install -y ca-certificates
      COPY --from=build /bin/app /usr/local/bin/app
      CMD app --listen :8080
      """;

  @TempDir Path dir;
  Path context;
  Splice splice;

  @BeforeEach
  void setUp() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    splice = new Splice(dir.resolve("state"), Map.of());
  }

  @Test
  void check_text_printsOneLinePerFindingAndASummary_andExits0() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);

    Splice.Result result = splice.run("build", "--check", context.toString());

    assertThat(result.exit()).as(result.all()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "Dockerfile:1: stage-name-case: stage name \"Build\" is not lower case (expected: \"build\")",
        "Dockerfile:6: runs-as-root: the final stage sets no USER, so the container runs as root"
            + " (expected: USER with a non-root user before the end)",
        "Dockerfile:7: deprecated-maintainer: MAINTAINER is deprecated"
            + " (expected: LABEL org.opencontainers.image.authors=\"...\")",
        "Dockerfile:8: apt-get-without-cleanup: apt-get install leaves /var/lib/apt/lists in the layer"
            + " (expected: && rm -rf /var/lib/apt/lists/* in the same RUN)",
        "Dockerfile:10: exec-form-expected: CMD in shell form runs under /bin/sh -c, which does not pass"
            + " SIGTERM on (expected: exec form, for example CMD [\"executable\", \"arg\"])",
        "5 findings in Dockerfile (2 stages)");
    assertThat(dir.resolve("state").resolve("images")).doesNotExist();
  }

  @Test
  void check_strict_exits1OnFindings_and0OnACleanFile() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
    Path clean = Files.writeString(dir.resolve("Clean.Dockerfile"), "FROM alpine:3.20\nUSER 10001\nCMD [\"sh\"]\n");

    Splice.Result withFindings = splice.run("build", "--check", "--strict", context.toString());
    Splice.Result withNone = splice.run("build", "--check", "--strict", "-f", clean.toString(), context.toString());

    assertThat(withFindings.exit()).as(withFindings.all()).isEqualTo(1);
    assertThat(withFindings.out()).contains("5 findings in Dockerfile");
    assertThat(withNone.exit()).as(withNone.all()).isZero();
    assertThat(withNone.out()).isEqualTo("no findings in Clean.Dockerfile (1 stage)\n");
  }

  @Test
  void check_json_printsInstructionsAndFindings() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);

    Splice.Result result = splice.run("build", "--check", "--format", "json", context.toString());

    assertThat(result.exit()).as(result.all()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("file").asText()).isEqualTo("Dockerfile");
    JsonNode build = root.get("stages").get(0);
    assertThat(build.get("name").asText()).isEqualTo("build");
    JsonNode run = build.get("instructions").get(3);
    assertThat(run.get("name").asText()).isEqualTo("RUN");
    assertThat(run.get("line").asInt()).isEqualTo(4);
    assertThat(run.get("endLine").asInt()).isEqualTo(4);
    assertThat(run.get("arguments").get(0).asText()).isEqualTo("go build -o /bin/app ./cmd/app");
    assertThat(run.get("form").asText()).isEqualTo("shell");
    JsonNode copy = root.get("stages").get(1).get("instructions").get(3);
    assertThat(copy.get("flags").get("from").asText()).isEqualTo("build");
    assertThat(root.get("findings")).hasSize(5);
    assertThat(root.get("findings").get(0).get("rule").asText()).isEqualTo("stage-name-case");
    assertThat(root.get("findings").get(0).get("line").asInt()).isEqualTo(1);
  }

  @Test
  void check_parseError_namesFileAndLine_andExits1() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM alpine\nCOPY onlyone\n");

    Splice.Result result = splice.run("build", "--check", context.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Dockerfile:2: COPY: expected at least 2 arguments").doesNotContain("\tat ");
  }

  @Test
  void check_unknownFormat_andFormatWithoutCheck_areUserErrors() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);

    Splice.Result xml = splice.run("build", "--check", "--format", "xml", context.toString());
    Splice.Result noCheck = splice.run("build", "--strict", context.toString());

    assertThat(xml.exit()).isEqualTo(1);
    assertThat(xml.err()).contains("--format xml (expected: text or json)");
    assertThat(noCheck.exit()).isEqualTo(1);
    assertThat(noCheck.err()).contains("--strict (expected: only with --check)");
  }
}
