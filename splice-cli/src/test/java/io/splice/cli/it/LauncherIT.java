package io.splice.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./splice} launcher: {@code splice build} starts from a class-data-sharing archive
 * that the first run records beside the jar, again after the jar changes, and never with a
 * word of it in the command's output.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "splice").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void build_recordsTheArchiveOnce_thenLoadsSpliceClassesFromIt_andRecordsAgainForANewJar() throws Exception {
    Path jar = Files.copy(Splice.JAR, Files.createDirectories(dir.resolve("jar")).resolve("splice.jar"));
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("a.txt"), "a\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
    Path classLog = dir.resolve("classes.log");

    Result first = launch(jar, Map.of(), "build", "--state-dir", dir.resolve("state").toString(), context.toString());
    Path archive = onlyArchive(jar.getParent());
    FileTime recorded = Files.getLastModifiedTime(archive);
    Result second = launch(jar, Map.of("SPLICE_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xlog:class+load:file=" + classLog),
        "build", "--state-dir", dir.resolve("state").toString(), context.toString());
    // A jar built after the archive: the archive is older than it.
    Files.setLastModifiedTime(archive, FileTime.from(recorded.toInstant().minusSeconds(60)));
    Result third = launch(jar, Map.of(), "build", "--state-dir", dir.resolve("state").toString(), context.toString());

    assertThat(first.exit()).as(first.out()).isZero();
    assertThat(first.out()).contains("Built 1 layers (0 from cache)").doesNotContain("cds", "CDS", "warning");
    assertThat(second.exit()).as(second.out()).isZero();
    assertThat(second.out()).contains("Built 1 layers (1 from cache)").doesNotContain("cds", "warning");
    assertThat(lastLine(second.out())).isEqualTo(lastLine(first.out()));
    String classes = Files.readString(classLog);
    assertThat(classes).contains("io.splice.cli.command.BuildMain source: shared objects file (top)")
        .contains("io.splice.image.build.BuildRunner source: shared objects file (top)")
        .doesNotContain("io.splice.cli.SpliceCli"); // the build command alone, not the whole CLI
    assertThat(third.exit()).as(third.out()).isZero();
    assertThat(Files.getLastModifiedTime(onlyArchive(jar.getParent()))).isGreaterThan(recorded);
  }

  @Test
  void otherCommands_runTheWholeCli_andCdsOffRecordsNothing() throws Exception {
    Path jar = Files.copy(Splice.JAR, Files.createDirectories(dir.resolve("jar")).resolve("splice.jar"));

    Result images = launch(jar, Map.of("SPLICE_CDS", "0"), "images", "--state-dir", dir.resolve("state").toString());

    assertThat(images.exit()).as(images.out()).isZero();
    assertThat(images.out()).startsWith("IMAGE");
    try (Stream<Path> files = Files.list(jar.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("splice.jar");
    }
  }

  private record Result(int exit, String out) {}

  private static Result launch(Path jar, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPLICE_JAR", jar.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not finish: " + out);
    }
    return new Result(process.exitValue(), out);
  }

  private static Path onlyArchive(Path jarDir) throws Exception {
    try (Stream<Path> files = Files.list(jarDir)) {
      List<Path> archives = files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }
}
