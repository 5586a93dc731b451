package io.splice.proxy;

import io.splice.proxy.admin.ListenAddress;
import io.splice.proxy.admin.ProxyConfig;
import io.splice.proxy.admin.ServiceRoute;
import io.splice.proxy.admin.UpstreamTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a config before anything is bound, and reports every problem at once, each naming the
 * field and the bad value: {@code services[1].listeners[0].port: 0 (expected: 1..65535)}.
 */
final class ConfigValidator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ConfigValidator() {}

  /** The problems of {@code config}; empty when it is valid. */
  static List<String> problems(ProxyConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.version() < 0) {
      problems.add("version: " + config.version() + " (expected: >= 0)");
    }
    Map<String, String> names = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceRoute service = config.services().get(i);
      String at = "services[" + i + "]";
      checkFields(service, at, problems);
      if (service.name() != null) {
        String previous = names.putIfAbsent(service.name(), at);
        if (previous != null) {
          problems.add(
              at + ".name: \"" + service.name() + "\" (expected: unique; " + previous + " has it)");
        }
      }
      for (int j = 0; j < service.listeners().size(); j++) {
        ListenAddress address = service.listeners().get(j);
        String where = at + ".listeners[" + j + "]";
        checkTls(service, address, where, problems);
        if (!checkAddress(address.host(), address.port(), where, problems)) {
          continue;
        }
        String previous = addresses.putIfAbsent(addressKey(address), where);
        if (previous != null) {
          problems.add(where + ": " + address + " (expected: bound once; " + previous + " has it)");
        }
      }
      checkUpstreams(service, at, problems);
      checkGroupWeights(service, at, problems);
    }
    return problems;
  }

  /** The key under which two listen addresses are the same socket. */
  static String addressKey(ListenAddress address) {
    return address.host().strip().toLowerCase(Locale.ROOT) + ":" + address.port();
  }

  private static void checkFields(ServiceRoute service, String at, List<String> problems) {
    if (service.name() == null || !NAME.matcher(service.name()).matches()) {
      problems.add(
          at
              + ".name: "
              + quote(service.name())
              + " (expected: 1 to 128 letters, digits, '.', '_' or '-', not starting with a sign)");
    }
    if (!ServiceRoute.HTTP.equals(service.protocol())
        && !ServiceRoute.TCP.equals(service.protocol())) {
      problems.add(
          at + ".protocol: " + quote(service.protocol()) + " (expected: \"http\" or \"tcp\")");
    }
    if (!ServiceRoute.HTTP_1_1.equals(service.upstreamProtocol())
        && !ServiceRoute.H2C.equals(service.upstreamProtocol())) {
      problems.add(
          at
              + ".upstreamProtocol: "
              + quote(service.upstreamProtocol())
              + " (expected: \"http/1.1\" or \"h2c\")");
    } else if (service.h2cUpstreams() && !ServiceRoute.HTTP.equals(service.protocol())) {
      problems.add(
          at
              + ".upstreamProtocol: \"h2c\" on a "
              + quote(service.protocol())
              + " service (expected: only on \"http\" services)");
    }
    if (service.healthIntervalMillis() < 0) {
      problems.add(
          at + ".healthIntervalMillis: " + service.healthIntervalMillis() + " (expected: >= 0)");
    }
    if (service.rise() < 0) {
      problems.add(at + ".rise: " + service.rise() + " (expected: >= 0)");
    }
    if (service.fall() < 0) {
      problems.add(at + ".fall: " + service.fall() + " (expected: >= 0)");
    }
    if (service.healthPath() != null && !service.healthPath().startsWith("/")) {
      problems.add(at + ".healthPath: " + quote(service.healthPath()) + " (expected: starting with /)");
    }
    if (service.drainTimeoutMillis() < 0) {
      problems.add(
          at + ".drainTimeoutMillis: " + service.drainTimeoutMillis() + " (expected: >= 0)");
    }
  }

  private static void checkTls(
      ServiceRoute service, ListenAddress address, String where, List<String> problems) {
    if (!address.tls()) {
      return;
    }
    if (address.certFile() == null) {
      problems.add(where + ".certFile: null (expected: set together with keyFile)");
    }
    if (address.keyFile() == null) {
      problems.add(where + ".keyFile: null (expected: set together with certFile)");
    }
    if (!ServiceRoute.HTTP.equals(service.protocol())) {
      problems.add(
          where
              + ": TLS on a "
              + quote(service.protocol())
              + " service (expected: certFile and keyFile only on \"http\" services)");
    }
  }

  private static void checkUpstreams(ServiceRoute service, String at, List<String> problems) {
    Map<String, String> ids = new HashMap<>();
    for (int k = 0; k < service.upstreams().size(); k++) {
      UpstreamTarget upstream = service.upstreams().get(k);
      String where = at + ".upstreams[" + k + "]";
      if (upstream.id() == null || upstream.id().isBlank()) {
        problems.add(where + ".id: " + quote(upstream.id()) + " (expected: not blank)");
      } else {
        String previous = ids.putIfAbsent(upstream.id(), where);
        if (previous != null) {
          problems.add(
              where + ".id: \"" + upstream.id() + "\" (expected: unique; " + previous + " has it)");
        }
      }
      if (upstream.path() != null) {
        checkSocketPath(upstream, where, problems);
      } else {
        checkAddress(upstream.host(), upstream.port(), where, problems);
      }
      if (upstream.group() != null && upstream.group().isBlank()) {
        problems.add(where + ".group: \"" + upstream.group() + "\" (expected: null or not blank)");
      }
      if (upstream.weight() < 0) {
        problems.add(where + ".weight: " + upstream.weight() + " (expected: >= 0)");
      }
    }
  }

  private static void checkGroupWeights(ServiceRoute service, String at, List<String> problems) {
    for (Map.Entry<String, Integer> entry : service.groupWeights().entrySet()) {
      String group = entry.getKey();
      if (group == null || group.isBlank()) {
        problems.add(at + ".groupWeights: group " + quote(group) + " (expected: not blank)");
        continue;
      }
      Integer weight = entry.getValue();
      if (weight == null || weight < 0) {
        problems.add(at + ".groupWeights." + group + ": " + weight + " (expected: >= 0)");
      }
    }
  }

  /** The most bytes of a socket path: {@code sun_path} holds 108 with the terminating zero. */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  private static void checkSocketPath(UpstreamTarget upstream, String where, List<String> problems) {
    String path = upstream.path();
    if (!path.startsWith("/")) {
      problems.add(where + ".path: " + quote(path) + " (expected: an absolute path)");
    }
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      problems.add(
          where
              + ".path: "
              + bytes
              + " bytes long (expected: <= "
              + MAX_SOCKET_PATH_BYTES
              + ", the limit of a Unix domain socket path)");
    }
    if (path.indexOf('\0') >= 0) {
      problems.add(where + ".path: contains a NUL character (expected: a file path)");
    }
    if (upstream.host() != null || upstream.port() != 0) {
      problems.add(
          where
              + ": path "
              + quote(path)
              + " together with "
              + upstream.host()
              + ":"
              + upstream.port()
              + " (expected: either a path, or host and port)");
    }
  }

  /** Checks host and port; returns whether both are usable. */
  private static boolean checkAddress(String host, int port, String where, List<String> problems) {
    boolean valid = true;
    if (host == null || host.isBlank()) {
      problems.add(where + ".host: " + quote(host) + " (expected: not blank)");
      valid = false;
    }
    if (port < 1 || port > 65535) {
      problems.add(where + ".port: " + port + " (expected: 1..65535)");
      valid = false;
    }
    return valid;
  }

  private static String quote(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
