package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RootUserRuleTest {
  private static List<Finding> check(String text) throws Exception {
    return Lint.rule(new RootUserRule(), text);
  }

  @Test
  void check_noUserInTheFinalStage_isReportedAtItsFrom() throws Exception {
    List<Finding> findings = check("FROM golang AS build\nUSER 1000\nFROM alpine\nCOPY --from=build /a /a\n");

    assertThat(findings).containsExactly(new Finding(3, "runs-as-root",
        "the final stage sets no USER, so the container runs as root"
            + " (expected: USER with a non-root user before the end)"));
  }

  @Test
  void check_finalUserRootOrZero_isReportedAtThatUser() throws Exception {
    assertThat(Lint.summary(check("FROM alpine\nUSER app\nRUN apk add curl\nUSER root\n")))
        .containsExactly("4: runs-as-root");
    assertThat(Lint.summary(check("FROM alpine\nUSER 0:0\n"))).containsExactly("2: runs-as-root");
  }

  @Test
  void check_nonRootUser_isFine() throws Exception {
    assertThat(check("FROM alpine\nUSER root\nRUN apk add curl\nUSER 10001:10001\n")).isEmpty();
  }

  @Test
  void check_userSetInTheStageItStartsFrom_isFine() throws Exception {
    assertThat(check("FROM alpine AS base\nUSER app\nFROM base\nCMD [\"app\"]\n")).isEmpty();
  }

  @Test
  void check_nonrootBaseImage_isFine() throws Exception {
    assertThat(check("FROM gcr.io/distroless/java21-debian12:nonroot\nCOPY app.jar /app.jar\n")).isEmpty();
  }
}
