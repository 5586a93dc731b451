package io.splice.spec.load;

import io.splice.spec.Serving;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Compose {@code ports}: the short form {@code [[HOST:]PUBLISHED:]TARGET[/PROTOCOL]}
 * ({@code "8080:80"}, {@code "127.0.0.1:8080:80"}, {@code "80"}) and the long form
 * {@code {target, published, host_ip, protocol, app_protocol}}, whose {@code app_protocol} ({@code http},
 * {@code h2c}, {@code grpc} or {@code tcp}) becomes the service's {@code protocol}. Splice's proxy listens on one address per
 * service: the first published port becomes the service's {@code expose} (on 127.0.0.1 unless a
 * host is given) and its target the {@code target_port}; without a published port, the first
 * target becomes the {@code target_port}. Other entries, port ranges and UDP ports are warnings.
 * {@code expose} lists ports replicas listen on without publishing them: when {@code ports} gives
 * none, its first port becomes the {@code target_port}.
 */
final class ComposePorts {
  static final List<String> LONG_KEYS =
      List.of("target", "published", "host_ip", "protocol", "mode", "name", "app_protocol");

  private static final String EXPECTED = "a port such as '8080:80', '127.0.0.1:8080:80' or '80'";

  /**
   * What the long form's {@code app_protocol} may say, and the service protocol it means: replicas
   * that speak HTTP/2 in clear text (gRPC without TLS is that) are reached over h2c.
   */
  private static final Map<String, String> APP_PROTOCOLS = Map.of("http", Serving.HTTP, "h2c", Serving.H2C,
      "grpc", Serving.H2C, "tcp", Serving.TCP);

  /** One entry; {@code host}, {@code published} and {@code appProtocol} may be null. */
  private record Port(YamlNode node, String path, Located<String> host, Located<Integer> published,
      Located<Integer> target, Located<String> appProtocol) {}

  private ComposePorts() {}

  static void read(YamlNode node, String path, AppDocument.Service service, Problems problems) {
    if (Values.isAbsent(node)) {
      return;
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      problems.error(node, path, "a list of ports such as ['8080:80']");
      return;
    }
    List<Port> ports = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      String itemPath = path + "[" + i + "]";
      Port port = item instanceof YamlNode.Mapping
          ? longForm(new Fields((YamlNode.Mapping) item, itemPath, problems))
          : shortForm(item, itemPath, problems);
      if (port != null) {
        ports.add(port);
      }
    }
    Port chosen = ports.stream().filter(p -> p.published() != null).findFirst()
        .orElse(ports.isEmpty() ? null : ports.get(0));
    for (Port port : ports) {
      if (port != chosen) {
        problems.warn(port.node().position(), port.path() + ": " + port.node().describe()
            + " ignored (Splice's proxy listens on one port per service, the first published one)");
      }
    }
    if (chosen == null) {
      return;
    }
    service.targetPort = chosen.target();
    if (chosen.appProtocol() != null) {
      service.protocol = chosen.appProtocol();
    }
    if (chosen.published() != null) {
      service.exposePort = chosen.published();
      service.exposeHost = chosen.host();
    }
  }

  /** Reads {@code expose: ["3000", 8080]}; call after {@link #read}. */
  static void expose(YamlNode node, String path, AppDocument.Service service, Problems problems) {
    if (Values.isAbsent(node)) {
      return;
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      problems.error(node, path, "a list of ports such as ['3000']");
      return;
    }
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      String itemPath = path + "[" + i + "]";
      String text = item instanceof YamlNode.Scalar scalar && !scalar.isNull() && scalar.type() != YamlNode.Type.BOOL
          ? scalar.text().strip() : "";
      int slash = text.indexOf('/');
      if (slash >= 0 && !isTcp(item, itemPath, text.substring(slash + 1), problems)) {
        continue;
      }
      String port = slash >= 0 ? text.substring(0, slash) : text;
      if (port.matches("[0-9]{1,9}-[0-9]{1,9}")) {
        problems.warn(item.position(), itemPath + ": " + item.describe()
            + " ignored (port ranges are not supported; Splice reaches each replica on one port)");
      } else if (!port.matches("[0-9]{1,9}")) {
        problems.error(item, itemPath, "a port such as '3000' or '3000/tcp'");
      } else if (service.targetPort == null) {
        service.targetPort = Located.of(Integer.parseInt(port), item, itemPath);
      } else if (service.targetPort.value() != Integer.parseInt(port)) {
        problems.warn(item.position(), itemPath + ": " + item.describe() + " ignored (Splice reaches each replica on"
            + " one port, " + service.targetPort.value() + " from " + service.targetPort.path() + ")");
      }
    }
  }

  private static Port shortForm(YamlNode node, String path, Problems problems) {
    if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.type() == YamlNode.Type.BOOL) {
      problems.error(node, path, EXPECTED);
      return null;
    }
    String text = scalar.text().strip();
    int slash = text.indexOf('/');
    if (slash >= 0) {
      if (!isTcp(node, path, text.substring(slash + 1), problems)) {
        return null;
      }
      text = text.substring(0, slash);
    }
    String host = null;
    if (text.startsWith("[") && text.indexOf("]:") > 0) {
      host = text.substring(1, text.indexOf("]:"));
      text = text.substring(text.indexOf("]:") + 2);
    }
    String[] parts = text.split(":", -1);
    if (host != null ? parts.length != 2 : parts.length > 3) {
      problems.error(node, path, EXPECTED);
      return null;
    }
    if (text.contains("-")) {
      problems.warn(node.position(), path + ": " + node.describe()
          + " ignored (port ranges are not supported; Splice exposes one port per service)");
      return null;
    }
    if (parts.length == 3) {
      host = parts[0];
    }
    String published = parts.length >= 2 ? parts[parts.length - 2] : "";
    String target = parts[parts.length - 1];
    if (!target.matches("[0-9]{1,9}") || !published.matches("[0-9]{0,9}") || (host != null && host.isEmpty())) {
      problems.error(node, path, EXPECTED);
      return null;
    }
    return new Port(node, path, host == null ? null : Located.of(host, node, path),
        published.isEmpty() ? null : Located.of(Integer.parseInt(published), node, path),
        Located.of(Integer.parseInt(target), node, path), null);
  }

  private static Port longForm(Fields fields) {
    Problems problems = fields.problems();
    ComposeIgnored.warnUnsupported(fields, LONG_KEYS);
    Located<String> protocol = fields.string("protocol");
    if (protocol != null && !isTcp(fields.node("protocol"), fields.path("protocol"), protocol.value(), problems)) {
      return null;
    }
    Located<Integer> target = fields.integer("target");
    if (!fields.has("target")) {
      problems.error(fields.position(), fields.path() + ": no target (expected: the port inside the container)");
    }
    YamlNode publishedNode = fields.node("published");
    Located<Integer> published = null;
    if (publishedNode instanceof YamlNode.Scalar scalar && scalar.text().contains("-")) {
      problems.warn(publishedNode.position(), fields.path("published") + ": " + publishedNode.describe()
          + " ignored (port ranges are not supported; Splice exposes one port per service)");
    } else {
      published = fields.integer("published");
    }
    Located<String> host = fields.string("host_ip");
    if (target == null) {
      return null;
    }
    return new Port(fields.map(), fields.path(), host, published, target, appProtocol(fields));
  }

  /** The service protocol {@code app_protocol} names, or null (a name Splice does not know is warned and ignored). */
  private static Located<String> appProtocol(Fields fields) {
    Located<String> written = fields.string("app_protocol");
    if (written == null) {
      return null;
    }
    String protocol = APP_PROTOCOLS.get(written.value().toLowerCase(Locale.ROOT));
    if (protocol == null) {
      fields.problems().warn(written.position(), written.path() + ": " + written.shown() + " ignored (Splice"
          + " knows http, h2c, grpc and tcp; the replicas are reached over HTTP/1.1)");
      return null;
    }
    return written.with(protocol);
  }

  /** True for TCP; for UDP (or another protocol) reports and returns false. */
  private static boolean isTcp(YamlNode node, String path, String protocol, Problems problems) {
    if (protocol.equalsIgnoreCase("tcp")) {
      return true;
    }
    if (protocol.equalsIgnoreCase("udp")) {
      problems.warn(node.position(), path + ": " + node.describe() + " ignored (Splice's proxy carries TCP only)");
    } else {
      problems.error(node, path, "the protocol 'tcp' or 'udp'");
    }
    return false;
  }
}
