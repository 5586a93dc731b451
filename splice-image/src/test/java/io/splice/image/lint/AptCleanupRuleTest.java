package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AptCleanupRuleTest {
  @Test
  void check_installWithoutCleanup_isReported() throws Exception {
    var findings = Lint.rule(new AptCleanupRule(), """
        FROM debian:12
        RUN apt-get update && apt-get install -y curl
        RUN apt-get update \\
         && apt-get -y --no-install-recommends install git
        RUN apt-get install -y make
        RUN rm -rf /var/lib/apt/lists/*
        """);

    assertThat(Lint.summary(findings)).containsExactly(
        "2: apt-get-without-cleanup", "3: apt-get-without-cleanup", "5: apt-get-without-cleanup");
  }

  @Test
  void check_cleanupInTheSameRun_isFine() throws Exception {
    var findings = Lint.rule(new AptCleanupRule(), """
        FROM debian:12
        RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
        RUN apt-get update && apt-get install -y git && apt-get clean
        RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y make
        RUN <<EOF
        apt-get update
        apt-get install -y jq
        rm -r -f /var/lib/apt/lists
        EOF
        RUN apt-get update
        """);

    assertThat(findings).isEmpty();
  }
}
