package io.splice.control.health;

import io.splice.spec.HealthCheckSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs one health check against a replica, off the control loop, and reports what it saw. */
public final class HealthProber implements AutoCloseable {
  private static final int BODY_EXCERPT = 120;

  private final ExecutorService executor;
  private final HttpClient http;
  private final NettyProbe netty = new NettyProbe();

  public HealthProber(ExecutorService executor) {
    this.executor = executor;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
  }

  public CompletableFuture<CheckResult> check(HealthCheckSpec spec, ProbeTarget target, Path workdir,
      Map<String, String> env) {
    return switch (spec.kind()) {
      case NONE -> CompletableFuture.completedFuture(CheckResult.pass("no check"));
      case HTTP -> target.plain() ? http(spec, target.port()) : netty.check(spec, target);
      case TCP -> target.socket() != null
          ? netty.check(spec, target)
          : CompletableFuture.supplyAsync(() -> tcp(spec, target.port()), executor);
      case COMMAND -> CompletableFuture.supplyAsync(() -> command(spec, workdir, env), executor);
    };
  }

  @Override
  public void close() {
    netty.close();
  }

  private CompletableFuture<CheckResult> http(HealthCheckSpec spec, int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + spec.httpPath()))
        .timeout(spec.timeout())
        .header("User-Agent", "splice-health")
        .GET()
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
          return CheckResult.fail("timeout after " + spec.timeout().toMillis() + "ms");
        }
        return CheckResult.fail(describe(cause));
      }
      int status = response.statusCode();
      if (status >= 200 && status < 400) {
        return CheckResult.pass("HTTP " + status);
      }
      return CheckResult.fail("HTTP " + status + excerpt(response.body()));
    });
  }

  private static CheckResult tcp(HealthCheckSpec spec, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) spec.timeout().toMillis());
      return CheckResult.pass("tcp connect");
    } catch (IOException e) {
      return CheckResult.fail(describe(e));
    }
  }

  private static CheckResult command(HealthCheckSpec spec, Path workdir, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(workdir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return CheckResult.fail("cannot run " + spec.command().get(0) + ": " + e.getMessage());
    }
    try (InputStream output = process.getInputStream()) {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return CheckResult.fail("timeout after " + spec.timeout().toMillis() + "ms");
      }
      String text = new String(output.readNBytes(BODY_EXCERPT), StandardCharsets.UTF_8);
      int exit = process.exitValue();
      return exit == 0 ? CheckResult.pass("exit 0") : CheckResult.fail("exit " + exit + excerpt(text));
    } catch (IOException e) {
      return CheckResult.fail(describe(e));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return CheckResult.fail("interrupted");
    }
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    if (error instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String excerpt(String body) {
    String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() <= BODY_EXCERPT ? text : text.substring(0, BODY_EXCERPT) + "…");
  }
}
