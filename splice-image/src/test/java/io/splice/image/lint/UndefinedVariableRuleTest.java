package io.splice.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UndefinedVariableRuleTest {
  private static List<Finding> check(String text) throws Exception {
    return Lint.rule(new UndefinedVariableRule(), text);
  }

  @Test
  void check_undeclaredVariable_isReportedWithItsLine() throws Exception {
    List<Finding> findings = check("FROM alpine\nWORKDIR /app\nCOPY app.jar $APP_HOME/\n");

    assertThat(findings).containsExactly(
        new Finding(3, "undefined-variable", "$APP_HOME is not declared by ARG or ENV in this stage"));
  }

  @Test
  void check_argAndEnvInScope_areFine() throws Exception {
    List<Finding> findings = check("""
        ARG BASE=alpine:3.20
        FROM $BASE
        ARG VERSION=1.0
        ENV APP_HOME=/opt/app
        ENV PATH=$APP_HOME/bin:$PATH LOG=${APP_HOME}/log
        LABEL version=$VERSION
        COPY --chown=app app-${VERSION}.jar ${APP_HOME}/
        """);

    assertThat(findings).isEmpty();
  }

  @Test
  void check_envUsedInTheSameInstruction_isNotYetDeclared() throws Exception {
    List<Finding> findings = check("FROM alpine\nENV A=1 B=$A\n");

    assertThat(Lint.summary(findings)).containsExactly("2: undefined-variable");
  }

  @Test
  void check_globalArgInsideAStage_needsDeclaringAgain() throws Exception {
    List<Finding> findings = check("ARG VERSION=1\nFROM alpine\nLABEL v=$VERSION\n");

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.message())
        .isEqualTo("$VERSION is not declared by ARG or ENV in this stage"
            + " (it is declared before the first FROM: add ARG VERSION to this stage to use it)"));
  }

  @Test
  void check_fromLine_seesOnlyGlobalArgs() throws Exception {
    List<Finding> findings = check("FROM alpine:$TAG\n");

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.message())
        .isEqualTo("$TAG is not declared by ARG or ENV before the first FROM"));
  }

  @Test
  void check_predefinedArgs_andDefaults_areFine() throws Exception {
    List<Finding> findings = check("""
        FROM --platform=$BUILDPLATFORM golang:1.23
        ENV GOARCH=$TARGETARCH PROXY=$HTTP_PROXY
        WORKDIR ${SRC:-/src}
        """);

    assertThat(findings).isEmpty();
  }

  @Test
  void check_runAndCmd_areLeftToTheShell() throws Exception {
    List<Finding> findings = check("FROM alpine\nRUN echo $HOME\nCMD echo $USER\nUSER 1000\n");

    assertThat(findings).isEmpty();
  }

  @Test
  void check_stageFromAnEarlierStage_inheritsItsEnv() throws Exception {
    List<Finding> findings = check("FROM alpine AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n");

    assertThat(findings).isEmpty();
  }

  @Test
  void check_argDefaultReferringToUndeclared_isReported() throws Exception {
    List<Finding> findings = check("ARG IMAGE=$REGISTRY/app\nFROM alpine\n");

    assertThat(Lint.summary(findings)).containsExactly("1: undefined-variable");
  }
}
