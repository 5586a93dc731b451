package io.splice.control.health;

import io.netty.channel.EventLoopGroup;
import io.splice.proxy.admin.UpstreamTarget;
import io.splice.proxy.http.HealthProbe;
import io.splice.proxy.route.ActiveChecks;
import io.splice.proxy.route.Upstream;
import io.splice.proxy.transport.Transport;
import io.splice.spec.HealthCheckSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the replicas the JDK's HTTP client cannot reach: those on a Unix domain socket and those
 * that speak only HTTP/2 in clear text. It runs the proxy's own probe, so the daemon judges such a
 * replica exactly as the proxy reaches it. Its one event loop starts with the first such check.
 */
final class NettyProbe implements AutoCloseable {
  private HealthProbe probe; // made with the first check: most daemons never need Netty here
  private EventLoopGroup loop;

  CompletableFuture<CheckResult> check(HealthCheckSpec spec, ProbeTarget target) {
    UpstreamTarget upstream = target.socket() != null
        ? UpstreamTarget.unixSocket("health", target.socket().toString(), 1, null)
        : new UpstreamTarget("health", "127.0.0.1", target.port(), 1);
    String path = spec.kind() == HealthCheckSpec.Kind.HTTP ? spec.httpPath() : null;
    ActiveChecks.Settings settings = new ActiveChecks.Settings(path, spec.interval(), 1, 1, target.h2c());
    CompletableFuture<CheckResult> result = new CompletableFuture<>();
    probe().check(new Upstream(upstream, closed -> {}), settings, seen ->
        result.complete(seen.kind() == io.splice.proxy.health.CheckResult.Kind.PASSED
            ? CheckResult.pass(seen.detail()) : CheckResult.fail(seen.detail())));
    // The proxy's probe waits up to its own limit; the spec's timeout is the one a user set.
    return result.orTimeout(spec.timeout().toMillis(), TimeUnit.MILLISECONDS).exceptionally(error ->
        CheckResult.fail(error instanceof TimeoutException
            ? "timeout after " + spec.timeout().toMillis() + "ms" : String.valueOf(error.getMessage())));
  }

  private synchronized HealthProbe probe() {
    if (probe == null) {
      Transport transport = Transport.select(true);
      loop = transport.newEventLoopGroup(1, "splice-health");
      probe = new HealthProbe(transport, loop);
    }
    return probe;
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
