package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dockerfiles in the styles public projects write (multi-stage Node, Python, Go, Java and Rust
 * builds, an nginx front end), each next to the findings it should get: {@code NAME.Dockerfile}
 * and {@code NAME.expected}, one {@code LINE: rule} a line.
 */
class RealWorldDockerfilesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "node-multistage", "node-legacy", "python-web", "go-distroless", "java-spring", "nginx-frontend", "rust-typo"})
  void lint_realisticDockerfile_hasTheExpectedFindings(String name) throws Exception {
    String dockerfile = resource(name + ".Dockerfile");
    List<String> expected = resource(name + ".expected").lines().filter(line -> !line.isBlank()).toList();

    List<Finding> findings = Lint.all(dockerfile);

    assertThat(Lint.summary(findings)).as(findings.toString()).containsExactlyElementsOf(expected);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RealWorldDockerfilesTest.class.getResourceAsStream("/lint/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
