package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageNameCaseRuleTest {
  @Test
  void check_mixedCaseName_isReported() throws Exception {
    assertThat(Lint.rule(new StageNameCaseRule(), "FROM golang AS Build\nFROM alpine\n")).containsExactly(
        new Finding(1, "stage-name-case", "stage name \"Build\" is not lower case (expected: \"build\")"));
  }

  @Test
  void check_lowerCaseNames_andUnnamedStages_areFine() throws Exception {
    assertThat(Lint.rule(new StageNameCaseRule(), "FROM golang as build-1\nFROM alpine\n")).isEmpty();
  }
}
