package io.splice.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
  @TempDir Path dir;

  @Test
  void rotateIfNeeded_keepsWriterAppendingAndShiftsOldFiles() throws Exception {
    Path log = dir.resolve("r.log");
    LogRotator rotator = new LogRotator(10, 2);
    try (FileOutputStream writer = new FileOutputStream(log.toFile(), true)) {
      writer.write("first-0123456789\n".getBytes(StandardCharsets.UTF_8));
      assertThat(rotator.rotateIfNeeded(log)).isTrue();
      writer.write("second-0123456789\n".getBytes(StandardCharsets.UTF_8));
      assertThat(rotator.rotateIfNeeded(log)).isTrue();
      writer.write("third\n".getBytes(StandardCharsets.UTF_8));
      assertThat(rotator.rotateIfNeeded(log)).isFalse();
    }

    assertThat(Files.readString(log)).isEqualTo("third\n");
    assertThat(Files.readString(LogRotator.sibling(log, 1))).isEqualTo("second-0123456789\n");
    assertThat(Files.readString(LogRotator.sibling(log, 2))).isEqualTo("first-0123456789\n");
    assertThat(LogRotator.sibling(log, 3)).doesNotExist();
  }

  @Test
  void rotateIfNeeded_missingFileIsNotAnError() throws Exception {
    assertThat(new LogRotator(10, 1).rotateIfNeeded(dir.resolve("none.log"))).isFalse();
  }
}
