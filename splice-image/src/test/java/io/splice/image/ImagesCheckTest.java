package io.splice.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesCheckTest {
  @Test
  void check_fileOnDisk_findingsNameTheFileByItsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Dockerfile.prod");
    Files.writeString(file, "FROM alpine\nMAINTAINER me\nUSER app\n");

    CheckResult result = Images.check(file);

    assertThat(result.file()).isEqualTo("Dockerfile.prod");
    assertThat(result.stages()).isEqualTo(1);
    assertThat(result.findings()).containsExactly(new CheckFinding(2, "deprecated-maintainer",
        "MAINTAINER is deprecated (expected: LABEL org.opencontainers.image.authors=\"...\")"));
    assertThat(result.findings().get(0).format(result.file()))
        .startsWith("Dockerfile.prod:2: deprecated-maintainer: MAINTAINER is deprecated");
    assertThat(result.clean()).isFalse();
    assertThat(result.json()).contains("\"file\" : \"Dockerfile.prod\"", "\"rule\" : \"deprecated-maintainer\"");
  }

  @Test
  void check_cleanFile_hasNoFindings() throws Exception {
    CheckResult result = Images.check("Dockerfile", "FROM alpine\nUSER 10001\nCMD [\"sh\"]\n");

    assertThat(result.clean()).isTrue();
  }

  @Test
  void check_parseError_isAnImageExceptionWithFileAndLine() {
    assertThatThrownBy(() -> Images.check("Dockerfile", "FROM alpine\nCOPY onlyone\n"))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("Dockerfile:2: COPY: expected at least 2 arguments");
  }

  @Test
  void check_duplicateStageName_isAParseError() {
    assertThatThrownBy(() -> Images.check("Dockerfile", "FROM alpine AS app\nFROM alpine AS App\n"))
        .isInstanceOf(ImageException.class)
        .hasMessage("Dockerfile:2: FROM: duplicate stage name \"app\"");
  }

  @Test
  void check_missingFile_isAnImageException(@TempDir Path dir) {
    assertThatThrownBy(() -> Images.check(dir.resolve("Dockerfile")))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("cannot read Dockerfile");
  }
}
