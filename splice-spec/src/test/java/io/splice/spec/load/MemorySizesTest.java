package io.splice.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizesTest {
  private static final long KIB = 1024;

  @Test
  void parse_binaryUnits() {
    assertThat(MemorySizes.parse("1048576")).isEqualTo(1_048_576L);
    assertThat(MemorySizes.parse("100k")).isEqualTo(100 * KIB);
    assertThat(MemorySizes.parse("256m")).isEqualTo(256 * KIB * KIB);
    assertThat(MemorySizes.parse("256M")).isEqualTo(256 * KIB * KIB);
    assertThat(MemorySizes.parse("1g")).isEqualTo(KIB * KIB * KIB);
    assertThat(MemorySizes.parse("512Mi")).isEqualTo(512 * KIB * KIB);
    assertThat(MemorySizes.parse("1Gi")).isEqualTo(KIB * KIB * KIB);
    assertThat(MemorySizes.parse("64MB")).isEqualTo(64 * KIB * KIB);
    assertThat(MemorySizes.parse("1.5g")).isEqualTo(3 * KIB * KIB * KIB / 2);
    assertThat(MemorySizes.parse("2t")).isEqualTo(2 * KIB * KIB * KIB * KIB);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "256 megabytes", "-1m", "1x", "1i", "99999999999999999999g"})
  void parse_rejects(String text) {
    assertThat(MemorySizes.parse(text)).isNull();
  }
}
