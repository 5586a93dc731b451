package io.splice.image.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's documented {@code .dockerignore} examples, and the path rules around them. */
class DockerIgnoreTest {

  @Test
  void ignores_documentedExample_tempPatterns() {
    DockerIgnore ignore = DockerIgnore.parse("# comment\n*/temp*\n*/*/temp*\ntemp?\n");

    assertThat(ignore.ignores("somedir/temporary.txt")).isTrue();
    assertThat(ignore.ignores("somedir/temp")).isTrue();
    assertThat(ignore.ignores("somedir/temp/inside.txt")).isTrue();
    assertThat(ignore.ignores("somedir/subdir/temporary.txt")).isTrue();
    assertThat(ignore.ignores("tempa")).isTrue();
    assertThat(ignore.ignores("tempb")).isTrue();
    assertThat(ignore.ignores("temp")).isFalse();
    assertThat(ignore.ignores("temporary.txt")).isFalse();
    assertThat(ignore.ignores("a/b/c/temporary.txt")).isFalse();
  }

  @Test
  void ignores_doubleStar_matchesAnyDepthIncludingRoot() {
    DockerIgnore ignore = DockerIgnore.parse("**/*.go\n");

    assertThat(ignore.ignores("main.go")).isTrue();
    assertThat(ignore.ignores("cmd/tool/main.go")).isTrue();
    assertThat(ignore.ignores("main.go.txt")).isFalse();
  }

  @Test
  void ignores_exception_keepsReadme() {
    DockerIgnore ignore = DockerIgnore.parse("*.md\n!README.md\n");

    assertThat(ignore.ignores("CHANGES.md")).isTrue();
    assertThat(ignore.ignores("README.md")).isFalse();
  }

  @Test
  void ignores_lastMatchWins_secretReadmeExcluded() {
    DockerIgnore ignore = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");

    assertThat(ignore.ignores("README-secret.md")).isTrue();
    assertThat(ignore.ignores("README-public.md")).isFalse();
    assertThat(ignore.ignores("other.md")).isTrue();
  }

  @Test
  void ignores_lastMatchWins_allReadmesIncluded() {
    DockerIgnore ignore = DockerIgnore.parse("*.md\nREADME-secret.md\n!README*.md\n");

    assertThat(ignore.ignores("README-secret.md")).isFalse();
    assertThat(ignore.ignores("README.md")).isFalse();
  }

  @Test
  void ignores_leadingAndTrailingSlashes_doNotMatter() {
    DockerIgnore ignore = DockerIgnore.parse("/build/\n./out\nlogs/**\n");

    assertThat(ignore.ignores("build")).isTrue();
    assertThat(ignore.ignores("build/classes/A.class")).isTrue();
    assertThat(ignore.ignores("src/build")).isFalse();
    assertThat(ignore.ignores("out/x")).isTrue();
    assertThat(ignore.ignores("logs/a/b.log")).isTrue();
    assertThat(ignore.patterns()).containsExactly("build", "out", "logs/**");
  }

  @Test
  void ignores_exceptionBelowIgnoredDirectory() {
    DockerIgnore ignore = DockerIgnore.parse("docs\n!docs/keep.txt\n");

    assertThat(ignore.ignores("docs/other.txt")).isTrue();
    assertThat(ignore.ignores("docs/keep.txt")).isFalse();
    assertThat(ignore.hasExceptions()).isTrue();
  }

  @Test
  void ignores_characterClassAndEscape() {
    DockerIgnore ignore = DockerIgnore.parse("file[0-9].txt\nstar\\*\n[!a]x\n");

    assertThat(ignore.ignores("file7.txt")).isTrue();
    assertThat(ignore.ignores("filex.txt")).isFalse();
    assertThat(ignore.ignores("star*")).isTrue();
    assertThat(ignore.ignores("starx")).isFalse();
    assertThat(ignore.ignores("bx")).isTrue();
    assertThat(ignore.ignores("ax")).isFalse();
  }

  @Test
  void load_absentFile_ignoresNothing(@TempDir Path dir) throws Exception {
    assertThat(DockerIgnore.load(dir).ignores("anything")).isFalse();
    Files.writeString(dir.resolve(".dockerignore"), "*.log\n");
    assertThat(DockerIgnore.load(dir).ignores("x.log")).isTrue();
  }
}
