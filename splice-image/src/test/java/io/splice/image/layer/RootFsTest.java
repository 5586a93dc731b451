package io.splice.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootFsTest {
  private static LayerEntry file(String path, String content) {
    return LayerEntry.file(path, 0644, 0, 0, LayerEntry.Content.of(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void applyLayer_whiteoutsAndOpaqueDirectories(@TempDir Path dir) throws Exception {
    Path lower = LayerWriter.write(
        List.of(LayerEntry.directory("etc", 0755, 0, 0), file("etc/a", "a"), file("etc/b", "b"),
            LayerEntry.directory("var", 0755, 0, 0), file("var/x", "x")),
        Instant.EPOCH, dir.resolve("1.tgz")).file();
    Path upper = LayerWriter.write(
        List.of(LayerEntry.file("etc/.wh.a", 0, 0, 0, LayerEntry.Content.of(new byte[0])),
            LayerEntry.file("var/.wh..wh..opq", 0, 0, 0, LayerEntry.Content.of(new byte[0])),
            file("var/y", "y")),
        Instant.EPOCH, dir.resolve("2.tgz")).file();
    RootFs fs = new RootFs();

    fs.applyLayer(lower);
    fs.applyLayer(upper);

    assertThat(fs.all()).extracting(RootFs.Node::path).containsExactly("etc", "etc/b", "var", "var/y");
  }

  @Test
  void resolve_followsSymlinksAndMaterializeReadsBlobs(@TempDir Path dir) throws Exception {
    Path layer = LayerWriter.write(
        List.of(LayerEntry.directory("opt/app", 0755, 0, 0), file("opt/app/bin", "binary"),
            LayerEntry.symlink("app", "opt/app", 0, 0), LayerEntry.symlink("opt/app/run", "bin", 0, 0)),
        Instant.EPOCH, dir.resolve("1.tgz")).file();
    RootFs fs = new RootFs();
    fs.applyLayer(layer);

    assertThat(fs.resolvePath("/app/run")).isEqualTo("opt/app/bin");
    assertThat(fs.isDirectory("app")).isTrue();
    Map<String, LayerEntry> entries = fs.materialize(fs.children("opt"), Files.createDirectory(dir.resolve("s")));
    try (var in = entries.get("opt/app/bin").content().open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("binary");
    }
    assertThat(entries.get("opt/app/run").linkTarget()).isEqualTo("bin");
  }
}
