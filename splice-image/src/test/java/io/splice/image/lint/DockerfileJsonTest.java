package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.DockerfileParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileJsonTest {
  private static JsonNode write(String text) throws Exception {
    Dockerfile file = DockerfileParser.parse("Dockerfile", text);
    return new ObjectMapper().readTree(DockerfileJson.write(file, Linter.lint(file)));
  }

  @Test
  void write_stagesInstructionsAndFindings() throws Exception {
    JsonNode root = write("""
        ARG GO=1.23
        FROM golang:${GO} AS build
        RUN --mount=type=cache,target=/root/.cache \\
            go build -o /app .
        FROM alpine
        COPY --from=build --chmod=755 /app /usr/local/bin/app
        CMD app --serve
        """);

    assertThat(root.get("file").asText()).isEqualTo("Dockerfile");
    assertThat(root.get("globalArgs").get(0).get("arguments").get(0).asText()).isEqualTo("GO=1.23");
    JsonNode build = root.get("stages").get(0);
    assertThat(build.get("name").asText()).isEqualTo("build");
    JsonNode from = build.get("instructions").get(0);
    assertThat(from.get("name").asText()).isEqualTo("FROM");
    assertThat(texts(from.get("arguments"))).containsExactly("golang:${GO}", "AS", "build");
    assertThat(from.has("form")).isFalse();
    JsonNode run = build.get("instructions").get(1);
    assertThat(run.get("line").asInt()).isEqualTo(3);
    assertThat(run.get("endLine").asInt()).isEqualTo(4);
    assertThat(run.get("flags").get("mount").asText()).isEqualTo("type=cache,target=/root/.cache");
    assertThat(run.get("form").asText()).isEqualTo("shell");
    JsonNode finalStage = root.get("stages").get(1);
    assertThat(finalStage.get("name").isNull()).isTrue();
    JsonNode copy = finalStage.get("instructions").get(1);
    assertThat(copy.get("flags").get("from").asText()).isEqualTo("build");
    assertThat(copy.get("flags").get("chmod").asText()).isEqualTo("755");
    assertThat(texts(copy.get("arguments"))).containsExactly("/app", "/usr/local/bin/app");
    assertThat(finalStage.get("instructions").get(2).get("form").asText()).isEqualTo("shell");
    assertThat(texts(root.get("findings").findValues("rule")))
        .containsExactly("runs-as-root", "exec-form-expected");
    assertThat(root.get("findings").get(0).get("line").asInt()).isEqualTo(5);
  }

  @Test
  void write_execFormAndHealthcheck() throws Exception {
    JsonNode root = write("""
        FROM nginx
        HEALTHCHECK --interval=30s --timeout=1500ms --retries=3 CMD ["curl", "-f", "http://localhost/"]
        ENTRYPOINT ["nginx", "-g", "daemon off;"]
        USER nginx
        """);

    JsonNode check = root.get("stages").get(0).get("instructions").get(1);
    assertThat(check.get("flags").get("interval").asText()).isEqualTo("30s");
    assertThat(check.get("flags").get("timeout").asText()).isEqualTo("1500ms");
    assertThat(check.get("flags").get("retries").asText()).isEqualTo("3");
    assertThat(texts(check.get("arguments"))).containsExactly("CMD", "curl", "-f", "http://localhost/");
    assertThat(check.get("form").asText()).isEqualTo("exec");
    JsonNode entrypoint = root.get("stages").get(0).get("instructions").get(2);
    assertThat(texts(entrypoint.get("arguments"))).containsExactly("nginx", "-g", "daemon off;");
    assertThat(entrypoint.get("form").asText()).isEqualTo("exec");
    assertThat(root.get("findings").isEmpty()).isTrue();
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> out = new java.util.ArrayList<>();
    nodes.forEach(node -> out.add(node.asText()));
    return out;
  }

  private static List<String> texts(List<JsonNode> nodes) {
    return nodes.stream().map(JsonNode::asText).toList();
  }
}
