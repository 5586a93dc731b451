package io.splice.image.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.image.layer.LayerEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsDiffTest {
  @TempDir Path root;

  @BeforeEach
  void lowerFiles() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/motd"), "hi\n");
    Files.writeString(root.resolve("etc/keep"), "same\n");
    Files.createDirectories(root.resolve("var/cache/deep"));
    Files.writeString(root.resolve("var/cache/deep/f"), "x");
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/old"), "old");
  }

  @Test
  void between_noChange_isEmpty() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);

    assertThat(FsDiff.between(before, FsSnapshot.take(root), Set.of())).isEmpty();
  }

  @Test
  void between_addChangeDelete_givesEntriesAndOneWhiteoutPerDeletedTree() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    Files.writeString(root.resolve("etc/motd"), "changed\n");
    Files.writeString(root.resolve("new.txt"), "new");
    RootfsDir.deleteTree(root.resolve("var/cache"));

    List<String> paths = paths(FsDiff.between(before, FsSnapshot.take(root), Set.of()));

    assertThat(paths).containsExactly("etc/motd", "new.txt", "var", "var/.wh.cache");
  }

  @Test
  void between_modeAndOwnerChange_isAChange() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    Files.setAttribute(root.resolve("etc/keep"), "unix:mode", 04711);
    Files.setAttribute(root.resolve("etc/motd"), "unix:uid", 1000);

    List<LayerEntry> entries = FsDiff.between(before, FsSnapshot.take(root), Set.of());

    assertThat(entries).extracting(LayerEntry::path).containsExactly("etc/keep", "etc/motd");
    assertThat(entries.get(0).mode()).isEqualTo(04711);
    assertThat(entries.get(1).uid()).isEqualTo(1000);
  }

  @Test
  void between_directoryMadeAgain_isOpaqueWithItsNewContent() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    Files.move(root.resolve("data"), root.resolve("data.old"));
    Files.createDirectory(root.resolve("data"));
    Files.writeString(root.resolve("data/new"), "new");
    RootfsDir.deleteTree(root.resolve("data.old"));

    List<String> paths = paths(FsDiff.between(before, FsSnapshot.take(root), Set.of()));

    assertThat(paths).containsExactly("data", "data/.wh..wh..opq", "data/new");
  }

  @Test
  void between_hardLinks_becomeLinksToTheFirstPath() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    Files.writeString(root.resolve("a"), "content");
    Files.createLink(root.resolve("b"), root.resolve("a"));

    List<LayerEntry> entries = FsDiff.between(before, FsSnapshot.take(root), Set.of());

    assertThat(entries).extracting(LayerEntry::path).containsExactly("a", "b");
    assertThat(entries.get(1).type()).isEqualTo(LayerEntry.Type.HARDLINK);
    assertThat(entries.get(1).linkTarget()).isEqualTo("a");
  }

  @Test
  void between_newEmptyMountPoints_areLeftOut_unlessSomethingIsInThem() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    Files.createDirectory(root.resolve("proc"));
    Files.createDirectories(root.resolve("sys/kept"));

    List<String> paths = paths(FsDiff.between(before, FsSnapshot.take(root), Set.of("proc", "sys")));

    assertThat(paths).containsExactly("sys", "sys/kept");
  }

  @Test
  void between_directoryBecameAFile_needsNoWhiteoutForItsChildren() throws Exception {
    FsSnapshot before = FsSnapshot.take(root);
    RootfsDir.deleteTree(root.resolve("var"));
    Files.writeString(root.resolve("var"), "now a file");

    List<LayerEntry> entries = FsDiff.between(before, FsSnapshot.take(root), Set.of());

    assertThat(entries).extracting(LayerEntry::path).containsExactly("var");
    assertThat(entries.get(0).type()).isEqualTo(LayerEntry.Type.FILE);
  }

  private static List<String> paths(List<LayerEntry> entries) {
    return entries.stream().map(LayerEntry::path).toList();
  }
}
