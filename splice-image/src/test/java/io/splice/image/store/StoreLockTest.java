package io.splice.image.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  @TempDir Path store;

  @Test
  void exclusive_onlyWhenNoBuildHoldsTheStore_countingBuildsOfThisProcess() throws Exception {
    StoreLock first = StoreLock.shared(store);
    StoreLock second = StoreLock.shared(store);

    assertThat(StoreLock.exclusive(store)).isNull();
    first.close();
    assertThat(StoreLock.exclusive(store)).isNull();
    second.close();
    try (StoreLock prune = StoreLock.exclusive(store)) {
      assertThat(prune).isNotNull();
      assertThat(StoreLock.exclusive(store)).isNull();
    }
    try (StoreLock build = StoreLock.shared(store)) {
      assertThat(build).isNotNull();
    }
  }

  @Test
  void exclusive_whileABuildInAnotherProcessHoldsTheStore_isNull() throws Exception {
    Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), store.toString())
        .redirectErrorStream(true).start();
    try {
      assertThat(build.getInputStream().read()).as("the holder's signal").isEqualTo('L');
      assertThat(StoreLock.exclusive(store)).isNull();
    } finally {
      build.destroy();
      build.waitFor();
    }
    try (StoreLock prune = StoreLock.exclusive(store)) {
      assertThat(prune).isNotNull();
    }
  }

  /** Another JVM's build: holds the shared lock until killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      StoreLock.shared(Path.of(args[0]));
      System.out.print('L');
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
