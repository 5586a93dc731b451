package io.splice.proxy;

import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Entry point of the proxy process.
 *
 * <pre>
 * java -cp splice.jar io.splice.proxy.ProxyMain --dir /var/lib/splice/proxy --admin-port 7070
 * </pre>
 *
 * <p>It serves until SIGTERM (or SIGINT), then stops accepting, lets requests in progress finish
 * for up to {@link ProxySettings#DEFAULT_SHUTDOWN_GRACE}, and exits.
 */
public final class ProxyMain {

  static final String USAGE = "usage: splice-proxy --dir DIR --admin-port PORT";

  private ProxyMain() {}

  public static void main(String[] args) throws Exception {
    disableLeakDetectionUnlessAsked();
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    run(options.dir(), options.adminPort());
  }

  /**
   * Netty's leak detector records a stack trace for one buffer in 128 by default, which costs the
   * proxy a few percent of its CPU per request; the tests run with it, a production proxy does not,
   * unless {@code -Dio.netty.leakDetection.level} asks for it.
   */
  private static void disableLeakDetectionUnlessAsked() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  /**
   * Starts a proxy on {@code dir} with the admin endpoint on {@code 127.0.0.1:adminPort}, and
   * blocks until the JVM is asked to stop (SIGTERM), which stops the proxy gracefully.
   */
  public static void run(Path dir, int adminPort) throws Exception {
    ProxyServer proxy = ProxyServer.start(ProxySettings.builder(dir).adminPort(adminPort).build());
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "splice-proxy-shutdown"));
    proxy.awaitClosed();
  }

  /** Parsed command line. */
  record Options(Path dir, int adminPort) {

    /** Reads {@code --dir DIR --admin-port N}, also as {@code --dir=DIR}. */
    static Options parse(String... args) {
      Path dir = null;
      Integer port = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        switch (name) {
          case "--dir":
            value = value != null ? value : next(args, ++i, name);
            dir = Path.of(value);
            break;
          case "--admin-port":
            value = value != null ? value : next(args, ++i, name);
            port = port(value);
            break;
          default:
            throw new IllegalArgumentException("unknown argument: " + arg);
        }
      }
      if (dir == null) {
        throw new IllegalArgumentException("--dir: missing");
      }
      if (port == null) {
        throw new IllegalArgumentException("--admin-port: missing");
      }
      return new Options(dir, port);
    }

    private static String next(String[] args, int i, String name) {
      if (i >= args.length) {
        throw new IllegalArgumentException(name + ": missing value");
      }
      return Objects.requireNonNull(args[i]);
    }

    private static int port(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("--admin-port: " + value + " (expected: 1..65535)");
    }
  }
}
