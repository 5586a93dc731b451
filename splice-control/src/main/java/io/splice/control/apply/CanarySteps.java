package io.splice.control.apply;

import io.splice.control.deploy.CanaryJudge;
import io.splice.control.state.StateException;
import io.splice.proxy.admin.ProxyStatus;
import io.splice.spec.ServiceSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a canary through its traffic steps: a step starts once its canary replicas are ready (the
 * proxy then sends them the step's share), and after the step time it is judged from the proxy's
 * counters against the stable set; a good canary moves to the next share, a bad one is rolled back
 * with the figures as the reason. The last step, 100%, is a rolling replacement of the rest.
 */
final class CanarySteps {
  private CanarySteps() {}

  /** Advances the canary; returns why it must roll back, or null. */
  static String step(Engine engine, AppEntry entry, Deployment deployment, ServiceSpec spec, long readyCanaries, Instant now)
      throws StateException {
    String app = entry.spec.name();
    int wanted = Math.max(1, (int) Math.ceil(spec.replicas() * deployment.share() / 100.0));
    if (deployment.stepStartedAt == null) {
      if (readyCanaries < wanted) {
        return null;
      }
      Optional<ProxyStatus> status = engine.proxy().status();
      if (status.isEmpty()) {
        return null;
      }
      deployment.baseline.clear();
      samples(status.get(), app, deployment).forEach(sample ->
          deployment.baseline.put(sample.id(), new long[] {sample.requests(), sample.errors()}));
      deployment.stepStartedAt = now;
      engine.store().saveDeployment(deployment.row(app));
      engine.events().add(app, deployment.service, null, "canary step " + (deployment.step + 1) + ": " + wanted
          + " replica(s) of version " + deployment.version + " get " + deployment.share() + "% of the traffic");
      return null;
    }
    if (now.isBefore(deployment.stepStartedAt.plus(deployment.stepTime))) {
      return null;
    }
    Optional<ProxyStatus> status = engine.proxy().status();
    if (status.isEmpty()) {
      return null;
    }
    Map<String, CanaryJudge.Sample> before = new HashMap<>();
    deployment.baseline.forEach((id, counts) -> before.put(id, new CanaryJudge.Sample(id, false, counts[0], counts[1], 0)));
    CanaryJudge.Verdict verdict = CanaryJudge.judge(before, samples(status.get(), app, deployment));
    switch (verdict.outcome()) {
      case ROLL_BACK -> {
        return "canary at " + deployment.share() + "% judged worse: " + verdict.figures();
      }
      case PROMOTE -> {
        int from = deployment.share();
        deployment.step++;
        deployment.stepStartedAt = null;
        deployment.baseline.clear();
        engine.store().saveDeployment(deployment.row(app));
        engine.events().add(app, deployment.service, null, "canary at " + from + "% looks good (" + verdict.figures()
            + "); promoting to " + deployment.share() + "%");
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static String describe(String health) {
    return health == null || health.isBlank() ? "(ejected)" : "(" + health + ")";
  }

  private static List<CanaryJudge.Sample> samples(ProxyStatus status, String app, Deployment deployment) {
    String route = Routes.routeName(app, deployment.service);
    return status.services().stream()
        .filter(service -> service.name().equals(route))
        .flatMap(service -> service.upstreams().stream())
        .map(upstream -> new CanaryJudge.Sample(upstream.id(), Routes.CANARY.equals(upstream.group()), upstream.requests(),
            upstream.responses5xx(), upstream.p99Millis(), upstream.ejected() ? describe(upstream.health()) : null))
        .toList();
  }
}
