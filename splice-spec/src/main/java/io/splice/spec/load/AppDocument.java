package io.splice.spec.load;

import io.splice.spec.HealthCheckSpec;
import io.splice.spec.SourcePosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec as written, before defaults and checks: the raw shape that both {@code splice.yaml} and
 * Compose files are read into. Short forms are already expanded (a string command is a shell
 * command, {@code health: /healthz} is an HTTP check), but every field may still be null, meaning
 * "not written", and values are not range-checked yet; {@link AppValidator} does both.
 */
final class AppDocument {
  /** The file, absolute; relative paths resolve against its folder. */
  final Path source;
  /** The position of the top-level map. */
  final SourcePosition position;
  Located<String> name;
  /** The services by name, in file order. */
  final Map<String, Service> services = new LinkedHashMap<>();
  /** The services left out because none of their profiles is active, with their profiles. */
  final Map<String, List<String>> excluded = new LinkedHashMap<>();

  AppDocument(Path source, SourcePosition position) {
    this.source = source;
    this.position = position;
  }

  /** One service; {@code position} is where its name was written. */
  static final class Service {
    final String name;
    final String path;
    final SourcePosition position;
    Located<String> runtime;
    /** The keys written for this service, also those whose value had a wrong shape (already reported). */
    final Set<String> keys = new HashSet<>();
    /** Whether the service's settings were not a map (already reported), so that nothing was read. */
    boolean malformed;
    Located<List<String>> command;
    Located<String> workdir;
    /** The build context as written, relative to the spec's folder. */
    Located<String> build;
    /** The Dockerfile as written, relative to the build context. */
    Located<String> dockerfile;
    /** The stage to build, as written. */
    Located<String> target;
    /** The build arguments, in the order written. */
    final Map<String, String> buildArgs = new LinkedHashMap<>();
    Located<String> image;
    Located<Integer> replicas;
    Located<Integer> port;
    Located<Integer> targetPort;
    Located<String> exposeHost;
    Located<Integer> exposePort;
    /** The {@code expose.tls} block, or null when the listener is clear text. */
    Tls tls;
    Located<String> protocol;
    Located<Boolean> unixSocket;
    final Map<String, String> env = new LinkedHashMap<>();
    Health health;
    final List<Located<String>> dependsOn = new ArrayList<>();
    Update update;
    Autoscale autoscale;
    Located<Double> cpus;
    Located<Long> memory;
    Located<Duration> stopGracePeriod;

    Service(String name, String path, SourcePosition position) {
      this.name = name;
      this.path = path;
      this.position = position;
    }
  }

  /** A TLS block: the certificate and key files as written, relative to the spec's folder. */
  static final class Tls {
    final String path;
    final SourcePosition position;
    Located<String> cert;
    Located<String> key;

    Tls(String path, SourcePosition position) {
      this.path = path;
      this.position = position;
    }
  }

  /** A health block; a null {@code kind} means a TCP check. */
  static final class Health {
    final String path;
    final SourcePosition position;
    Located<HealthCheckSpec.Kind> kind;
    Located<String> httpPath;
    Located<List<String>> command;
    Located<Duration> interval;
    Located<Duration> timeout;
    Located<Integer> healthyThreshold;
    Located<Integer> unhealthyThreshold;
    Located<Duration> startPeriod;

    Health(String path, SourcePosition position) {
      this.path = path;
      this.position = position;
    }
  }

  /** An update block. */
  static final class Update {
    final String path;
    final SourcePosition position;
    Located<String> strategy;
    Located<Integer> maxSurge;
    Located<Integer> maxUnavailable;
    Located<Duration> minHealthyTime;
    Located<Duration> healthyDeadline;
    Located<Duration> progressDeadline;
    Located<Boolean> autoRevert;

    Update(String path, SourcePosition position) {
      this.path = path;
      this.position = position;
    }
  }

  /** An autoscale block. */
  static final class Autoscale {
    final String path;
    final SourcePosition position;
    Located<Integer> min;
    Located<Integer> max;
    Located<Double> targetInflight;
    Located<Duration> targetP99;

    Autoscale(String path, SourcePosition position) {
      this.path = path;
      this.position = position;
    }
  }
}
