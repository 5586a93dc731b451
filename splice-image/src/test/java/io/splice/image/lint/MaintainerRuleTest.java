package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaintainerRuleTest {
  @Test
  void check_maintainer_isReported() throws Exception {
    assertThat(Lint.rule(new MaintainerRule(), "FROM alpine\nMAINTAINER Jane <jane@example.com>\n"))
        .containsExactly(new Finding(2, "deprecated-maintainer",
            "MAINTAINER is deprecated (expected: LABEL org.opencontainers.image.authors=\"...\")"));
  }

  @Test
  void check_authorsLabel_isFine() throws Exception {
    assertThat(Lint.rule(new MaintainerRule(), "FROM alpine\nLABEL org.opencontainers.image.authors=jane\n"))
        .isEmpty();
  }
}
