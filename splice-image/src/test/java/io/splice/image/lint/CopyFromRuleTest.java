package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyFromRuleTest {
  private static List<Finding> check(String text) throws Exception {
    return Lint.rule(new CopyFromRule(), text);
  }

  @Test
  void check_misspeltStage_isReported() throws Exception {
    List<Finding> findings = check("FROM golang AS build\nFROM alpine\nCOPY --from=biuld /app /app\n");

    assertThat(findings).containsExactly(new Finding(3, "unknown-copy-source",
        "--from=biuld is not an earlier stage (expected: an earlier stage (\"build\") or an image reference"
            + " with a tag, such as biuld:latest)"));
  }

  @Test
  void check_laterStageAndOwnIndex_areReported() throws Exception {
    List<Finding> findings = check("FROM alpine\nCOPY --from=late /a /a\nCOPY --from=0 /b /b\nFROM alpine AS late\n");

    assertThat(Lint.summary(findings)).containsExactly("2: unknown-copy-source", "3: unknown-copy-source");
    assertThat(findings.get(0).message()).contains("defined at line 4, after this one");
  }

  @Test
  void check_earlierStagesImagesAndVariables_areFine() throws Exception {
    List<Finding> findings = check("""
        FROM golang AS Build
        FROM alpine
        COPY --from=build /app /app
        COPY --from=BUILD /app /app2
        COPY --from=0 /app /app3
        COPY --from=nginx:1.27 /etc/nginx /etc/nginx
        COPY --from=ghcr.io/acme/tools /bin/tool /bin/tool
        COPY --from=${TOOLS} /bin/t /bin/t
        """);

    assertThat(findings).isEmpty();
  }
}
