package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecFormRuleTest {
  @Test
  void check_shellFormCmdAndEntrypoint_areReported() throws Exception {
    var findings = Lint.rule(new ExecFormRule(), "FROM node\nENTRYPOINT node server.js\nCMD --port 80\n");

    assertThat(Lint.summary(findings)).containsExactly("2: exec-form-expected", "3: exec-form-expected");
    assertThat(findings.get(0).message()).startsWith("ENTRYPOINT in shell form runs under /bin/sh -c");
  }

  @Test
  void check_execForm_andShellFormRun_areFine() throws Exception {
    var findings = Lint.rule(new ExecFormRule(), "FROM node\nRUN npm ci\nENTRYPOINT [\"node\"]\nCMD [\"server.js\"]\n");

    assertThat(findings).isEmpty();
  }
}
