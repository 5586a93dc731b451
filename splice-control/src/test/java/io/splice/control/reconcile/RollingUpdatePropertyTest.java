package io.splice.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Drives the reconciler through whole rolling updates with a simulated world in which starts become
 * ready after a random number of steps, and checks the invariants on every step: never fewer ready
 * than {@code replicas - maxUnavailable}, never more running than {@code replicas + maxSurge}, and
 * the update always completes. Seeded, so a failure replays.
 */
class RollingUpdatePropertyTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @RepeatedTest(200)
  void rollingUpdate_keepsInvariantsAndConverges(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    int replicas = 1 + random.nextInt(6);
    int maxSurge = random.nextInt(3);
    int maxUnavailable = maxSurge == 0 ? 1 + random.nextInt(replicas) : random.nextInt(replicas + 1);
    maxUnavailable = Math.min(maxUnavailable, replicas);
    Desired desired = new Desired(List.of(new Desired.App("a", false,
        List.of(new Desired.Service("s", replicas, List.of(), "v2", maxSurge, maxUnavailable)))));
    List<Sim> world = new ArrayList<>();
    for (int i = 1; i <= replicas; i++) {
      world.add(new Sim(i, "v1", Phase.READY, 0));
    }

    for (int step = 0; step < 500; step++) {
      Plan plan = Reconciler.compute(desired, world.stream().map(Sim::observed).toList(), NOW);
      if (plan.isEmpty() && world.stream().allMatch(sim -> sim.version.equals("v2") && sim.phase == Phase.READY)) {
        assertThat(world).hasSize(replicas);
        return;
      }
      for (Action action : plan.actions()) {
        if (action instanceof Action.Start start) {
          world.add(new Sim(start.ordinal(), "v2", Phase.STARTING, 1 + random.nextInt(3)));
        } else if (action instanceof Action.Stop stop) {
          world.removeIf(sim -> sim.id().equals(stop.id()));
        }
      }
      long ready = world.stream().filter(sim -> sim.phase == Phase.READY).count();
      assertThat(ready).as("ready at step %d", step).isGreaterThanOrEqualTo(replicas - maxUnavailable);
      assertThat(world.size()).as("running at step %d", step).isLessThanOrEqualTo(replicas + maxSurge);
      world.forEach(Sim::advance);
    }
    throw new AssertionError("did not converge: replicas=" + replicas + " surge=" + maxSurge + " unavailable=" + maxUnavailable);
  }

  /** A simulated replica that becomes ready after a few steps. */
  private static final class Sim {
    final int ordinal;
    final String version;
    Phase phase;
    int stepsToReady;

    Sim(int ordinal, String version, Phase phase, int stepsToReady) {
      this.ordinal = ordinal;
      this.version = version;
      this.phase = phase;
      this.stepsToReady = stepsToReady;
    }

    String id() {
      return "a-s-" + ordinal;
    }

    Observed observed() {
      return new Observed(id(), "a", "s", ordinal, version, phase, NOW);
    }

    void advance() {
      if (phase == Phase.STARTING && --stepsToReady <= 0) {
        phase = Phase.READY;
      }
    }
  }
}
