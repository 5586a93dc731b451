package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRuleTest {
  @Test
  void check_secretNamesInArgAndEnv_areReported() throws Exception {
    List<Finding> findings = Lint.rule(new SecretRule(), """
        ARG NPM_TOKEN
        FROM node
        ARG github_token api_key=x
        ENV DB_PASSWORD=secret AWS_SECRET_ACCESS_KEY=y
        ENV ApiKey=z SSH_PRIVATE_KEY=k PASSWD=p
        """);

    assertThat(Lint.summary(findings)).containsExactly(
        "1: secret-in-arg-or-env",
        "3: secret-in-arg-or-env", "3: secret-in-arg-or-env",
        "4: secret-in-arg-or-env", "4: secret-in-arg-or-env",
        "5: secret-in-arg-or-env", "5: secret-in-arg-or-env", "5: secret-in-arg-or-env");
    assertThat(findings.get(0).message()).isEqualTo("ARG NPM_TOKEN looks like a secret, and its value stays in"
        + " the image's history (expected: RUN --mount=type=secret,id=npm_token)");
  }

  @Test
  void check_ordinaryNames_areFine() throws Exception {
    assertThat(Lint.rule(new SecretRule(), "ARG VERSION\nFROM node\nENV NODE_ENV=production PORT=80\n"))
        .isEmpty();
  }
}
