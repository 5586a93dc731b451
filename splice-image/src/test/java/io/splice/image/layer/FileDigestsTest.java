package io.splice.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.image.oci.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {
  @TempDir Path tmp;

  @Test
  void digest_unchangedFile_isNotReadAgain_evenInTheNextBuild_butAChangedOneIs() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "alpha");
    Path b = Files.writeString(tmp.resolve("b.txt"), "beta");
    Path store = tmp.resolve("cache/context-digests");
    FileDigests first = FileDigests.load(store, 0);

    assertThat(first.digest(a)).isEqualTo(Digests.of(a));
    assertThat(first.digest(b)).isEqualTo(Digests.of(b));
    assertThat(first.digest(a)).isEqualTo(Digests.of(a));
    first.save();
    Files.writeString(b, "BETA");
    FileDigests second = FileDigests.load(store, 0);

    assertThat(second.digest(a)).isEqualTo(Digests.of(a));
    assertThat(second.digest(b)).isEqualTo(Digests.of(b));
    assertThat(first.reads).isEqualTo(2);
    assertThat(second.reads).isEqualTo(1);
  }

  @Test
  void digest_fileChangedJustNow_isReadEveryTime() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "alpha");
    FileDigests digests = FileDigests.load(tmp.resolve("context-digests"));

    digests.digest(a);
    digests.digest(a);
    digests.save();

    assertThat(digests.reads).isEqualTo(2);
    assertThat(tmp.resolve("context-digests")).doesNotExist();
  }

  @Test
  void load_damagedFile_remembersNothing() throws Exception {
    Path store = Files.writeString(tmp.resolve("context-digests"), "12 not-a-number 3 4 sha256:x /a\n");
    Path a = Files.writeString(tmp.resolve("a.txt"), "alpha");

    assertThat(FileDigests.load(store, 0).digest(a)).isEqualTo(Digests.of(a));
  }
}
