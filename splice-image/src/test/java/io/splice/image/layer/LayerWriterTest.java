package io.splice.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.image.oci.Digests;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  private static final String LONG = "deep/" + "x".repeat(120) + "/file-with-a-long-name.txt";

  private static List<LayerEntry> entries(Path dir, boolean reversed) throws Exception {
    List<String> names = new ArrayList<>(List.of("b.txt", "a.txt", "c.txt"));
    if (reversed) {
      java.util.Collections.reverse(names);
    }
    List<LayerEntry> out = new ArrayList<>();
    for (String name : names) {
      Path file = dir.resolve(name);
      Files.writeString(file, "content of " + name);
      // Different modification times in the two sets, which the layer must not record.
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
          java.time.Instant.parse(reversed ? "2030-06-01T12:34:56Z" : "2001-01-01T00:00:01Z")));
      out.add(LayerEntry.file("app/" + name, 0644, 0, 0, LayerEntry.Content.of(file)));
    }
    out.add(LayerEntry.file(LONG, 0600, 1000, 1000, LayerEntry.Content.of("long".getBytes(StandardCharsets.UTF_8))));
    out.add(LayerEntry.directory("app", 0755, 0, 0));
    out.add(LayerEntry.symlink("app/link", "a.txt", 0, 0));
    if (reversed) {
      java.util.Collections.reverse(out);
    }
    return out;
  }

  @Test
  void write_sameEntries_sameDigestsAcrossDirectoriesAndOrder(@TempDir Path one, @TempDir Path two) throws Exception {
    WrittenLayer first = LayerWriter.write(entries(one, false), Instant.EPOCH, one.resolve("l.tgz"));
    WrittenLayer second = LayerWriter.write(entries(two, true), Instant.EPOCH, two.resolve("l.tgz"));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.diffId()).isEqualTo(first.diffId());
    assertThat(first.digest()).isEqualTo(Digests.of(one.resolve("l.tgz")));
    assertThat(first.size()).isEqualTo(Files.size(one.resolve("l.tgz")));
  }

  @Test
  void write_otherTime_otherDigest(@TempDir Path dir) throws Exception {
    WrittenLayer epoch = LayerWriter.write(entries(dir, false), Instant.EPOCH, dir.resolve("a.tgz"));
    WrittenLayer later = LayerWriter.write(entries(dir, false), Instant.ofEpochSecond(1700000000), dir.resolve("b.tgz"));

    assertThat(later.digest()).isNotEqualTo(epoch.digest());
  }

  @Test
  void write_gzipHeader_hasNoTimeNorName(@TempDir Path dir) throws Exception {
    WrittenLayer layer = LayerWriter.write(entries(dir, false), Instant.EPOCH, dir.resolve("l.tgz"));

    byte[] header = new byte[10];
    try (InputStream in = Files.newInputStream(layer.file())) {
      assertThat(in.read(header)).isEqualTo(10);
    }
    assertThat(header).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
    assertThat(header[9] & 0xff).isEqualTo(255);
  }

  @Test
  void write_entries_sortedWithFixedMetadata(@TempDir Path dir) throws Exception {
    Instant time = Instant.ofEpochSecond(1234567890);
    WrittenLayer layer = LayerWriter.write(entries(dir, true), time, dir.resolve("l.tgz"));

    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = TarInput.open(layer.file())) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(e.getLastModifiedDate().toInstant()).isEqualTo(time);
        assertThat(e.getUserName()).isEmpty();
        if (e.getName().equals(LONG)) {
          assertThat(e.getLongUserId()).isEqualTo(1000);
          assertThat(e.getMode() & 07777).isEqualTo(0600);
        }
      }
    }
    assertThat(names).containsExactly("app/", "app/a.txt", "app/b.txt", "app/c.txt", "app/link", LONG);
  }

  @Test
  void write_zstd_isReproducible_readableAndSmallerThanTheTar(@TempDir Path one, @TempDir Path two) throws Exception {
    WrittenLayer first = LayerWriter.write(entries(one, false), Instant.EPOCH, one.resolve("l.zst"), Compression.ZSTD);
    WrittenLayer second = LayerWriter.write(entries(two, true), Instant.EPOCH, two.resolve("l.zst"), Compression.ZSTD);
    WrittenLayer gzip = LayerWriter.write(entries(one, false), Instant.EPOCH, one.resolve("l.tgz"));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(first.diffId()).isEqualTo(gzip.diffId());
    assertThat(first.digest()).isNotEqualTo(gzip.digest());
    assertThat(first.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(gzip.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat(Files.readAllBytes(first.file())).startsWith(0x28, 0xb5, 0x2f, 0xfd);
    assertThat(Digests.of(first.file())).isEqualTo(first.digest());
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = TarInput.open(first.file())) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    assertThat(names).containsExactly("app/", "app/a.txt", "app/b.txt", "app/c.txt", "app/link", LONG);
  }

  @Test
  void gzip_largeLayer_isCutIntoBlocks_readableByGzipAndJava_andTheSameWhateverTheWriteSizes(@TempDir Path dir) throws Exception {
    byte[] data = new byte[3 * ParallelGzipOutputStream.BLOCK + 12345];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 1000 < 500 ? 'a' + random.nextInt(4) : random.nextInt(256));
    }
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(whole, 6, 255)) {
      gz.write(data);
    }
    java.io.ByteArrayOutputStream bytewise = new java.io.ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(bytewise, 6, 255)) {
      for (int i = 0; i < data.length; i += 777) {
        gz.write(data, i, Math.min(777, data.length - i));
      }
    }
    Path file = Files.write(dir.resolve("data.gz"), whole.toByteArray());
    Process gunzip = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();

    assertThat(bytewise.toByteArray()).isEqualTo(whole.toByteArray());
    try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(whole.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gunzip.waitFor()).as(new String(gunzip.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void gzip_smallLayer_isPlainGzip(@TempDir Path dir) throws Exception {
    byte[] data = "small layer content ".repeat(100).getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream ours = new java.io.ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(ours, 6, 255)) {
      gz.write(data);
    }
    org.apache.commons.compress.compressors.gzip.GzipParameters p = new org.apache.commons.compress.compressors.gzip.GzipParameters();
    p.setCompressionLevel(6);
    p.setOperatingSystem(255);
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    try (OutputStream gz = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(plain, p)) {
      gz.write(data);
    }

    assertThat(ours.toByteArray()).isEqualTo(plain.toByteArray());
  }
}
