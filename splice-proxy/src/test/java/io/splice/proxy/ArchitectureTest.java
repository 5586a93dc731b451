package io.splice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the module, checked on the sources: who may import whom. The packages form a
 * DAG with {@code io.splice.proxy} (the composition root) on top.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java/io/splice/proxy");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

  @Test
  void balancer_dependsOnNothing() { // plain Java, no I/O
    assertThat(imports("balancer")).allMatch(i -> i.startsWith("java."));
  }

  @Test
  void admin_usesOnlyTheJdkAndJackson() {
    assertThat(imports("admin"))
        .allMatch(i -> i.startsWith("java.") || i.startsWith("com.fasterxml.jackson"));
  }

  @Test
  void util_dependsOnNothing() {
    assertThat(imports("util")).allMatch(i -> i.startsWith("java."));
  }

  @Test
  void health_isPlainJava_usingOnlyUtil() {
    assertThat(imports("health"))
        .allMatch(
            i ->
                i.startsWith("java.")
                    || i.startsWith("io.splice.proxy.util")
                    || i.startsWith("io.splice.proxy.health"));
  }

  @Test
  void route_isFreeOfNetty_andUsesOnlyBalancerHealthUtilAndAdminRecords() {
    assertThat(imports("route"))
        .allMatch(
            i ->
                i.startsWith("java.")
                    || i.equals("io.splice.proxy.balancer")
                    || i.startsWith("io.splice.proxy.health")
                    || i.startsWith("io.splice.proxy.util")
                    || i.equals("io.splice.proxy.admin"));
  }

  @Test
  void transport_dependsOnNothingOfOurs() {
    assertThat(imports("transport")).noneMatch(i -> i.startsWith("io.splice"));
  }

  @Test
  void http_doesNotReachTheRootOrTheAdminPackage() {
    assertThat(imports("http"))
        .noneMatch(i -> i.equals("io.splice.proxy") || i.startsWith("io.splice.proxy.admin"));
  }

  @Test
  void tcp_doesNotReachTheRootOrTheAdminPackage() {
    assertThat(imports("tcp"))
        .noneMatch(i -> i.equals("io.splice.proxy") || i.startsWith("io.splice.proxy.admin"));
  }

  @Test
  void http_doesNotDependOnTcp() {
    assertThat(imports("http")).noneMatch(i -> i.startsWith("io.splice.proxy.tcp"));
  }

  @Test
  void nothing_dependsOnOtherSpliceModules() {
    assertThat(imports(""))
        .filteredOn(i -> i.startsWith("io.splice"))
        .allMatch(i -> i.startsWith("io.splice.proxy"));
  }

  /** The packages (or classes' packages) imported by the sources under {@code sub}. */
  private static List<String> imports(String sub) {
    Path dir = sub.isEmpty() ? SOURCES : SOURCES.resolve(sub);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> sub.isEmpty() || p.getParent().equals(dir))
          .flatMap(ArchitectureTest::importsOf)
          .distinct()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> importsOf(Path file) {
    try {
      Matcher matcher = IMPORT.matcher(Files.readString(file));
      Stream.Builder<String> found = Stream.builder();
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
      return found.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
