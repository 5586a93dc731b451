package io.splice.control.server;

import io.splice.api.AppStatus;
import io.splice.api.DaemonStatus;
import io.splice.api.Json;
import io.splice.api.LogChunk;
import io.splice.api.DeployRequest;
import io.splice.api.MigrateRequest;
import io.splice.api.RollbackRequest;
import io.splice.api.ScaleRequest;
import io.splice.api.UpRequest;
import io.splice.control.apply.AppView;
import io.splice.control.apply.Engine;
import io.splice.control.apply.RolloutOptions;
import io.splice.control.apply.UserException;
import io.splice.control.proxy.ProxyManager;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.spec.App;
import io.splice.spec.Diagnostic;
import io.splice.spec.ServiceSpec;
import io.splice.spec.SpecException;
import io.splice.spec.load.LoadOptions;
import io.splice.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the REST API onto the engine: parses requests, waits for the loop, and shapes answers. */
public final class SpliceHandlers implements ApiServer.Handlers {
  private static final Pattern APP = Pattern.compile("/v1/apps/([^/]+)");
  /** How many recent events an app status carries. */
  private static final int RECENT_EVENTS = 50;
  private static final Pattern OPERATION = Pattern.compile("/v1/apps/([^/]+)/(scale|deploy|rollback|migrate)");
  private static final Pattern LOGS = Pattern.compile("/v1/apps/([^/]+)/services/([^/]+)/logs");

  private final Engine engine;
  private final ProxyManager proxy;
  private final Supplier<DaemonStatus> daemonStatus;
  private final Runnable stopDaemon;

  public SpliceHandlers(Engine engine, ProxyManager proxy, Supplier<DaemonStatus> daemonStatus, Runnable stopDaemon) {
    this.engine = engine;
    this.proxy = proxy;
    this.daemonStatus = daemonStatus;
    this.stopDaemon = stopDaemon;
  }

  @Override
  public ApiServer.Response route(ApiServer.Request request) {
    String method = request.method();
    String path = request.path();
    if (path.equals("/v1/daemon") && method.equals("GET")) {
      return ok(daemonStatus.get());
    }
    if (path.equals("/v1/daemon/stop") && method.equals("POST")) {
      stopDaemon.run();
      return ok(new io.splice.api.ErrorResponse("stopping", List.of()));
    }
    if (path.equals("/v1/apps") && method.equals("GET")) {
      return ok(statuses(await(engine.apps())));
    }
    if (path.equals("/v1/apps") && method.equals("POST")) {
      return ok(up(request));
    }
    Matcher operation = OPERATION.matcher(path);
    if (operation.matches() && method.equals("POST")) {
      return ok(operate(operation.group(1), operation.group(2), request));
    }
    Matcher logs = LOGS.matcher(path);
    if (logs.matches() && method.equals("GET")) {
      return ok(logs(logs.group(1), logs.group(2), request));
    }
    Matcher app = APP.matcher(path);
    if (app.matches() && method.equals("GET")) {
      return ok(status(find(app.group(1)), proxy.status()));
    }
    if (app.matches() && method.equals("DELETE")) {
      AppView before = find(app.group(1));
      await(engine.down(app.group(1)));
      return ok(StatusMapper.map(before, List.of(), Optional.empty(), "down"));
    }
    throw new ApiError(404, "no such endpoint: " + method + " " + path);
  }

  private AppStatus up(ApiServer.Request request) {
    UpRequest up;
    try {
      up = Json.mapper().readValue(request.body(), UpRequest.class);
    } catch (IOException e) {
      throw new ApiError(400, "bad request body: " + e.getMessage());
    }
    if (up.specPath() == null || !Path.of(up.specPath()).isAbsolute()) {
      throw new ApiError(400, "specPath: " + up.specPath() + " (expected: an absolute path)");
    }
    App app;
    try {
      LoadOptions options = LoadOptions.defaults().withProfiles(up.profiles() == null ? List.of() : up.profiles());
      app = SpecLoader.load(Path.of(up.specPath()),
          up.environment() == null ? options : options.withEnvironment(up.environment()));
    } catch (SpecException e) {
      throw new ApiError(400, "invalid spec " + up.specPath(), e.errors().stream().map(Diagnostic::toString).toList());
    }
    return status(await(engine.up(BuiltImages.apply(app, up.images()))), Optional.empty());
  }

  private AppStatus operate(String appName, String operation, ApiServer.Request request) {
    AppView view = switch (operation) {
      case "scale" -> {
        ScaleRequest scale = read(request, ScaleRequest.class);
        if (scale.replicas() < 0) {
          throw new ApiError(400, "replicas: " + scale.replicas() + " (expected: >= 0)");
        }
        yield await(engine.scale(appName, scale.service(), scale.replicas()));
      }
      case "deploy" -> {
        DeployRequest deploy = read(request, DeployRequest.class);
        ServiceSpec target = deployTarget(find(appName), deploy);
        String strategy = deploy.strategy() != null ? deploy.strategy()
            : target.update().strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        yield await(engine.deploy(appName, target, rolloutOptions(strategy, deploy)));
      }
      case "migrate" -> {
        MigrateRequest migrate = read(request, MigrateRequest.class);
        yield await(engine.migrate(appName, migrate.service(), migrate.runtime(),
            service -> BuiltImages.apply(service, migrate.image())));
      }
      default -> await(engine.rollback(appName, read(request, RollbackRequest.class).service()));
    };
    return status(view, Optional.empty());
  }

  private static RolloutOptions rolloutOptions(String strategy, DeployRequest deploy) {
    switch (strategy) {
      case "rolling" -> {
        return RolloutOptions.rolling();
      }
      case "blue-green" -> {
        return RolloutOptions.blueGreen(deploy.keepSeconds() == null ? Engine.DEFAULT_BLUE_GREEN_KEEP
            : java.time.Duration.ofSeconds(Math.max(0, deploy.keepSeconds())));
      }
      case "canary" -> {
        List<Integer> steps = deploy.canarySteps() == null ? List.of(10, 50, 100) : deploy.canarySteps();
        for (int i = 0; i < steps.size(); i++) {
          int step = steps.get(i);
          if (step < 1 || step > 100 || (i > 0 && step <= steps.get(i - 1))) {
            throw new ApiError(400, "steps: " + steps + " (expected: ascending shares from 1 to 100)");
          }
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1) != 100) {
          steps = new java.util.ArrayList<>(steps);
          steps.add(100);
        }
        java.time.Duration stepTime = deploy.stepSeconds() == null ? RolloutOptions.DEFAULT_STEP_TIME
            : java.time.Duration.ofSeconds(Math.max(1, deploy.stepSeconds()));
        return RolloutOptions.canary(steps, stepTime);
      }
      default -> throw new ApiError(400, "strategy: " + strategy + " (expected: rolling, blue-green or canary)");
    }
  }

  /** The service as its spec file says now, with the request's environment overrides. */
  private static ServiceSpec deployTarget(AppView app, DeployRequest deploy) {
    String path = deploy.specPath() != null ? deploy.specPath() : app.spec().source().toString();
    App fresh;
    try {
      fresh = SpecLoader.load(Path.of(path), deploy.environment() == null
          ? LoadOptions.defaults() : LoadOptions.defaults().withEnvironment(deploy.environment()));
    } catch (SpecException e) {
      throw new ApiError(400, "invalid spec " + path, e.errors().stream().map(Diagnostic::toString).toList());
    }
    if (!fresh.name().equals(app.spec().name())) {
      throw new ApiError(409, path + " describes app " + fresh.name() + ", not " + app.spec().name());
    }
    if (!fresh.services().containsKey(deploy.service())) {
      throw new ApiError(404, path + " has no service " + deploy.service() + " (expected one of " + fresh.services().keySet() + ")");
    }
    ServiceSpec target = fresh.service(deploy.service());
    ServiceSpec running = app.spec().services().get(deploy.service());
    if (deploy.image() == null && target.build() != null && running != null && running.image() != null) {
      target = target.withImage(running.image()); // not rebuilt: keep the image it runs
    }
    return BuiltImages.apply(target, deploy.image()).withEnv(deploy.env() == null ? Map.of() : deploy.env());
  }

  private static <T> T read(ApiServer.Request request, Class<T> type) {
    try {
      return Json.mapper().readValue(request.body(), type);
    } catch (IOException e) {
      throw new ApiError(400, "bad request body: " + e.getMessage());
    }
  }

  private LogChunk logs(String appName, String service, ApiServer.Request request) {
    AppView app = find(appName);
    if (!app.spec().services().containsKey(service)) {
      throw new ApiError(404, "app " + appName + " has no service " + service + " (expected one of "
          + app.spec().services().keySet() + ")");
    }
    int tail = parseInt(request.query().getOrDefault("tail", "100"), "tail");
    return LogReader.read(app.replicas().stream().filter(replica -> replica.service().equals(service)).toList(),
        tail, LogReader.parseCursors(request.query().get("after")));
  }

  private AppView find(String name) {
    return await(engine.apps()).stream()
        .filter(app -> app.spec().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ApiError(404, "no app named " + name + " is up"));
  }

  private List<AppStatus> statuses(List<AppView> apps) {
    Optional<ProxyStatus> traffic = proxy.status();
    return apps.stream().map(app -> status(app, traffic)).toList();
  }

  private AppStatus status(AppView app, Optional<ProxyStatus> traffic) {
    return StatusMapper.map(app, engine.events(app.spec().name(), RECENT_EVENTS), traffic, app.state());
  }

  private static int parseInt(String value, String name) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + ": " + value + " (expected: an integer)");
    }
  }

  private static ApiServer.Response ok(Object body) {
    return new ApiServer.Response(200, body);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UserException user) {
        throw new ApiError(user.status(), user.getMessage());
      }
      if (e.getCause() instanceof ApiError api) {
        throw api;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
