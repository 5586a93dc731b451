package io.splice.image.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.LayerWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsDirTest {
  @TempDir Path tmp;

  @Test
  void catchUp_appliesLayersWithModesOwnersLinksAndWhiteouts() throws Exception {
    Path lower = layer("lower", List.of(
        LayerEntry.directory("etc", 0755, 0, 0),
        file("etc/motd", 0644, "base"),
        file("etc/gone", 0644, "x"),
        LayerEntry.directory("data", 0755, 0, 0),
        file("data/old", 0644, "old"),
        new LayerEntry("bin/su", LayerEntry.Type.FILE, 04755, 0, 0, null, LayerEntry.Content.of(new byte[] {1})),
        LayerEntry.symlink("bin/sh", "busybox", 0, 0),
        new LayerEntry("bin/su2", LayerEntry.Type.HARDLINK, 04755, 0, 0, "bin/su", null),
        file("home/app/f", 0600, "mine").withOwner(1000, 1000)));
    Path upper = layer("upper", List.of(
        file("etc/.wh.gone", 0, ""),
        file("data/.wh..wh..opq", 0, ""),
        file("data/new", 0644, "new")));
    RootfsDir root = RootfsDir.create(tmp.resolve("rootfs"));

    root.catchUp(List.of(lower, upper));

    Path dir = root.dir();
    assertThat(dir.resolve("etc/motd")).hasContent("base");
    assertThat(dir.resolve("etc/gone")).doesNotExist();
    assertThat(dir.resolve("data/old")).doesNotExist();
    assertThat(dir.resolve("data/new")).hasContent("new");
    assertThat((Integer) Files.getAttribute(dir.resolve("bin/su"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat(Files.readSymbolicLink(dir.resolve("bin/sh")).toString()).isEqualTo("busybox");
    assertThat(Files.getAttribute(dir.resolve("bin/su2"), "unix:ino")).isEqualTo(Files.getAttribute(dir.resolve("bin/su"), "unix:ino"));
    assertThat(Files.getAttribute(dir.resolve("home/app/f"), "unix:uid")).isEqualTo(1000);
  }

  @Test
  void catchUp_symlinkPointingOutside_staysInsideTheRoot() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path evil = layer("evil", List.of(
        LayerEntry.symlink("escape", outside.toString(), 0, 0),
        LayerEntry.symlink("up", "../../../..", 0, 0),
        file("escape/planted", 0644, "x"),
        file("up/planted2", 0644, "y")));
    RootfsDir root = RootfsDir.create(tmp.resolve("rootfs"));

    root.catchUp(List.of(evil));

    assertThat(outside.resolve("planted")).doesNotExist();
    assertThat(tmp.resolve("planted2")).doesNotExist();
    assertThat(root.dir().resolve(outside.toString().substring(1)).resolve("planted")).exists();
    assertThat(root.dir().resolve("planted2")).exists();
    assertThat(Files.isSymbolicLink(root.dir().resolve("escape"))).isTrue();
  }

  @Test
  void catchUp_anotherChain_startsAgainFromEmpty() throws Exception {
    Path a = layer("a", List.of(file("a", 0644, "a")));
    Path b = layer("b", List.of(file("b", 0644, "b")));
    RootfsDir root = RootfsDir.create(tmp.resolve("rootfs"));
    root.catchUp(List.of(a));

    root.catchUp(List.of(b));

    assertThat(root.dir().resolve("a")).doesNotExist();
    assertThat(Files.exists(root.dir().resolve("b"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  private Path layer(String name, List<LayerEntry> entries) throws Exception {
    return LayerWriter.write(entries, Instant.EPOCH, tmp.resolve(name + ".tar.gz")).file();
  }

  private static LayerEntry file(String path, int mode, String content) {
    return LayerEntry.file(path, mode, 0, 0, LayerEntry.Content.of(content.getBytes(StandardCharsets.UTF_8)));
  }
}
