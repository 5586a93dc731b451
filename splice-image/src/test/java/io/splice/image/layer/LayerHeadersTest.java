package io.splice.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerHeadersTest {
  private static final String LONG = "deep/" + "x".repeat(150) + "/ünïcode name.txt";

  @TempDir Path dir;

  @Test
  void of_keepsTheHeaders_soTheSecondReadDoesNotNeedTheBlob() throws Exception {
    Path blob = layer();
    LayerHeaders headers = new LayerHeaders(dir.resolve("headers"));

    List<LayerHeaders.Header> first = headers.of(blob);
    Files.write(blob, new byte[] {1, 2, 3}); // not a layer any more: only the kept file can answer
    List<LayerHeaders.Header> second = headers.of(blob);

    assertThat(first).isEqualTo(LayerHeaders.scan(layer()));
    assertThat(second).isEqualTo(first);
    assertThat(first).extracting(LayerHeaders.Header::name).contains(LONG, "app/link", "app/hard", "etc/.wh.gone");
    assertThat(first).filteredOn(h -> h.name().equals("app/link")).singleElement()
        .satisfies(h -> assertThat(h.kind()).isEqualTo(LayerHeaders.Kind.SYMLINK))
        .satisfies(h -> assertThat(h.linkName()).isEqualTo("../etc/target"));
    assertThat(first).filteredOn(h -> h.name().equals(LONG)).singleElement()
        .satisfies(h -> assertThat(h.uid()).isEqualTo(1000))
        .satisfies(h -> assertThat(h.mode() & 07777).isEqualTo(0600));
  }

  @Test
  void writtenLayer_headers_areWhatReadingTheLayerGives() throws Exception {
    Path blob = dir.resolve("b".repeat(64));
    WrittenLayer written = LayerWriter.write(entries(), Instant.EPOCH, blob);
    Path zstd = dir.resolve("c".repeat(64));
    WrittenLayer writtenZstd = LayerWriter.write(entries(), Instant.EPOCH, zstd, Compression.ZSTD);

    assertThat(written.headers()).isEqualTo(LayerHeaders.scan(blob)).hasSize(entries().size());
    assertThat(writtenZstd.headers()).isEqualTo(LayerHeaders.scan(zstd));
  }

  @Test
  void of_aCutShortFile_readsTheBlobAgain() throws Exception {
    Path blob = layer();
    LayerHeaders headers = new LayerHeaders(dir.resolve("headers"));
    List<LayerHeaders.Header> expected = headers.of(blob);
    Path kept = dir.resolve("headers").resolve(blob.getFileName());
    Files.write(kept, java.util.Arrays.copyOf(Files.readAllBytes(kept), 20));

    assertThat(headers.of(blob)).isEqualTo(expected);
    assertThat(headers.of(blob)).isEqualTo(expected);
  }

  @Test
  void rootFs_fromKeptHeaders_isTheSameAsFromTheBlob() throws Exception {
    Path blob = layer();
    RootFs fromBlob = new RootFs();
    fromBlob.applyLayer(blob);
    LayerHeaders headers = new LayerHeaders(dir.resolve("headers"));
    headers.of(blob);
    RootFs fromHeaders = new RootFs();

    fromHeaders.applyLayer(blob, headers.of(blob));

    assertThat(fromHeaders.all()).isEqualTo(fromBlob.all());
  }

  /** A layer, named like a blob, with a file, a long name, links and a whiteout. */
  private Path layer() throws Exception {
    Path file = dir.resolve("a".repeat(64));
    LayerWriter.write(entries(), Instant.EPOCH, file);
    return file;
  }

  private static List<LayerEntry> entries() {
    return List.of(
            LayerEntry.directory("app", 0755, 0, 0),
            LayerEntry.file("app/file", 0644, 0, 0, LayerEntry.Content.of("x".getBytes(StandardCharsets.UTF_8))),
            new LayerEntry("app/hard", LayerEntry.Type.HARDLINK, 0644, 0, 0, "app/file", null),
            LayerEntry.symlink("app/link", "../etc/target", 0, 0),
            LayerEntry.file(LONG, 0600, 1000, 1000, LayerEntry.Content.of("long".getBytes(StandardCharsets.UTF_8))),
            LayerEntry.file("etc/.wh.gone", 0, 0, 0, LayerEntry.Content.of(new byte[0])),
            LayerEntry.directory("etc", 0755, 0, 0));
  }
}
