package io.splice.image;

import io.splice.image.oci.ContainerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an image says about running it, for the daemon to use as a service's defaults where the
 * app spec says nothing: the health check ({@code HEALTHCHECK}), the ports it exposes ({@code
 * EXPOSE}) and the signal that stops it ({@code STOPSIGNAL}). Base images pass theirs on, as in
 * Docker.
 *
 * <pre>{@code
 * ServiceDefaults d = Images.build(request).serviceDefaults();      // or Images.serviceDefaults(store, "catalog:1")
 * d.healthcheck().filter(h -> !h.disabled()).ifPresent(h -> probe(h.argv(), h.interval(), h.retries()));
 * d.exposedPorts();   // [8080/tcp, 53/udp]
 * d.stopSignal();     // Optional[SIGINT]
 * }</pre>
 *
 * @param healthcheck the image's check, or empty when neither it nor a base image declares one
 * @param exposedPorts the exposed ports, sorted by number and then protocol
 * @param stopSignal the stop signal ({@code SIGINT}, {@code SIGRTMIN+3} or a number such as
 *     {@code 9}), or empty for the runtime's default ({@code SIGTERM})
 */
public record ServiceDefaults(Optional<Healthcheck> healthcheck, List<Port> exposedPorts, Optional<String> stopSignal) {
  /** An image that says nothing. */
  public static final ServiceDefaults NONE = new ServiceDefaults(Optional.empty(), List.of(), Optional.empty());

  public ServiceDefaults {
    Objects.requireNonNull(healthcheck, "healthcheck");
    exposedPorts = List.copyOf(exposedPorts);
    Objects.requireNonNull(stopSignal, "stopSignal");
  }

  /** One exposed port: {@code 8080/tcp}. */
  public record Port(int port, String protocol) {
    public Port {
      Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
      return port + "/" + protocol;
    }
  }

  /**
   * A {@code HEALTHCHECK}, with Docker's defaults in place of what it leaves out (interval and
   * timeout 30 s, start period 0, start interval 5 s, 3 retries).
   *
   * @param form whether the check is turned off ({@code HEALTHCHECK NONE}), a program and its
   *     arguments ({@code CMD ["curl", "-f", "localhost"]}) or a shell command ({@code CMD curl -f
   *     localhost})
   * @param command as written: the program and its arguments, or the one shell command; empty for
   *     {@link Form#NONE}
   * @param argv what runs in the container: the program and its arguments, or the image's shell
   *     ({@code SHELL}, else {@code /bin/sh -c}) followed by the command; empty for {@link Form#NONE}
   * @param interval the time between two checks
   * @param timeout how long one check may take before it counts as failed
   * @param startPeriod how long after the start failures do not count
   * @param startInterval the time between checks during the start period
   * @param retries how many failures in a row make the container unhealthy
   */
  public record Healthcheck(
      Form form,
      List<String> command,
      List<String> argv,
      Duration interval,
      Duration timeout,
      Duration startPeriod,
      Duration startInterval,
      int retries) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_START_PERIOD = Duration.ZERO;
    public static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 3;

    /** How the check is given. */
    public enum Form {
      /** {@code HEALTHCHECK NONE}: no check, not even a base image's. */
      NONE,
      /** {@code HEALTHCHECK CMD ["program", "arg"]}. */
      EXEC,
      /** {@code HEALTHCHECK CMD command}, run by the image's shell. */
      SHELL
    }

    public Healthcheck {
      Objects.requireNonNull(form, "form");
      command = List.copyOf(command);
      argv = List.copyOf(argv);
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(startPeriod, "startPeriod");
      Objects.requireNonNull(startInterval, "startInterval");
    }

    /** Whether the image turns health checks off. */
    public boolean disabled() {
      return form == Form.NONE;
    }
  }

  /** The defaults of an image config's {@code config} section. */
  static ServiceDefaults of(ContainerConfig config) {
    return new ServiceDefaults(healthcheck(config), ports(config.exposedPorts()), signal(config.stopSignal()));
  }

  private static Optional<Healthcheck> healthcheck(ContainerConfig config) {
    ContainerConfig.HealthConfig h = config.healthcheck();
    if (h == null || h.test() == null || h.test().isEmpty()) {
      return Optional.empty();
    }
    String kind = h.test().get(0);
    List<String> rest = h.test().subList(1, h.test().size());
    Healthcheck.Form form;
    List<String> argv;
    switch (kind) {
      case "NONE":
        return Optional.of(new Healthcheck(Healthcheck.Form.NONE, List.of(), List.of(),
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
      case "CMD":
        form = Healthcheck.Form.EXEC;
        argv = rest;
        break;
      case "CMD-SHELL":
        form = Healthcheck.Form.SHELL;
        argv = new ArrayList<>(config.shell() == null || config.shell().isEmpty() ? List.of("/bin/sh", "-c") : config.shell());
        argv.add(String.join(" ", rest));
        rest = List.of(String.join(" ", rest));
        break;
      default:
        return Optional.empty(); // not a form Docker knows: Docker ignores it too
    }
    if (rest.isEmpty() || rest.get(0).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Healthcheck(form, rest, argv,
        orDefault(h.interval(), Healthcheck.DEFAULT_INTERVAL),
        orDefault(h.timeout(), Healthcheck.DEFAULT_TIMEOUT),
        orDefault(h.startPeriod(), Healthcheck.DEFAULT_START_PERIOD),
        orDefault(h.startInterval(), Healthcheck.DEFAULT_START_INTERVAL),
        h.retries() > 0 ? h.retries() : Healthcheck.DEFAULT_RETRIES));
  }

  private static Duration orDefault(long nanos, Duration otherwise) {
    return nanos > 0 ? Duration.ofNanos(nanos) : otherwise;
  }

  private static List<Port> ports(Map<String, Map<String, Object>> exposed) {
    List<Port> out = new ArrayList<>();
    if (exposed == null) {
      return out;
    }
    for (String key : exposed.keySet()) {
      int slash = key.indexOf('/');
      String number = slash < 0 ? key : key.substring(0, slash);
      String protocol = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(Locale.ROOT);
      try {
        out.add(new Port(Integer.parseInt(number), protocol));
      } catch (NumberFormatException e) {
        // a base image's malformed key: Docker skips it as well
      }
    }
    out.sort(Comparator.comparingInt(Port::port).thenComparing(Port::protocol));
    return out;
  }

  private static Optional<String> signal(String signal) {
    if (signal == null || signal.isBlank()) {
      return Optional.empty();
    }
    String s = signal.strip().toUpperCase(Locale.ROOT);
    return Optional.of(s.matches("\\d+") || s.startsWith("SIG") ? s : "SIG" + s);
  }
}
