package io.splice.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Desired shop(boolean stopping, int catalog, int gateway) {
    return new Desired(List.of(new Desired.App("shop", stopping, List.of(
        new Desired.Service("catalog", catalog, List.of()),
        new Desired.Service("gateway", gateway, List.of("catalog"))))));
  }

  private static Desired rolling(int replicas, int maxSurge, int maxUnavailable) {
    return new Desired(List.of(new Desired.App("shop", false,
        List.of(new Desired.Service("catalog", replicas, List.of(), "v2", maxSurge, maxUnavailable)))));
  }

  private static Observed versioned(int ordinal, String version, Phase phase) {
    return new Observed("shop-catalog-" + ordinal, "shop", "catalog", ordinal, version, phase, NOW);
  }

  private static Observed replica(String service, int slot, Phase phase) {
    return new Observed("shop-" + service + "-" + slot, "shop", service, slot, phase, NOW);
  }

  @Test
  void compute_emptyObserved_startsDependenciesFirstOnly() {
    Plan plan = Reconciler.compute(shop(false, 2, 1), List.of(), NOW);

    assertThat(plan.actions()).containsExactly(
        new Action.Start("shop", "catalog", 1), new Action.Start("shop", "catalog", 2));
  }

  @Test
  void compute_dependencyReady_startsDependant() {
    Plan plan = Reconciler.compute(shop(false, 2, 1),
        List.of(replica("catalog", 1, Phase.READY), replica("catalog", 2, Phase.STARTING)), NOW);

    assertThat(plan.actions()).containsExactly(new Action.Start("shop", "gateway", 1));
  }

  @Test
  void compute_converged_isEmpty() {
    List<Observed> observed = List.of(replica("catalog", 1, Phase.READY), replica("gateway", 1, Phase.READY));

    assertThat(Reconciler.compute(shop(false, 1, 1), observed, NOW).isEmpty()).isTrue();
  }

  @Test
  void compute_scaleDown_stopsNewestFirst() {
    List<Observed> observed = List.of(replica("catalog", 1, Phase.READY), replica("catalog", 2, Phase.READY),
        replica("catalog", 3, Phase.READY), replica("gateway", 1, Phase.READY));

    Plan plan = Reconciler.compute(shop(false, 1, 1), observed, NOW);

    assertThat(plan.actions()).containsExactly(
        new Action.Stop("shop-catalog-3", "scaled to 1"), new Action.Stop("shop-catalog-2", "scaled to 1"));
  }

  @Test
  void compute_failedReplica_restartsOnlyAfterBackoff() {
    Observed failed = new Observed("shop-catalog-1", "shop", "catalog", 1, Phase.FAILED, NOW.plusSeconds(2));

    assertThat(Reconciler.compute(shop(false, 1, 0), List.of(failed), NOW).isEmpty()).isTrue();
    assertThat(Reconciler.compute(shop(false, 1, 0), List.of(failed), NOW.plusSeconds(2)).actions())
        .containsExactly(new Action.Restart("shop-catalog-1"));
  }

  @Test
  void compute_appStopping_stopsEverythingButWhatIsAlreadyStopping() {
    List<Observed> observed = List.of(replica("catalog", 1, Phase.READY), replica("gateway", 1, Phase.STOPPING));

    Plan plan = Reconciler.compute(shop(true, 1, 1), observed, NOW);

    assertThat(plan.actions()).containsExactly(new Action.Stop("shop-catalog-1", "app shop is going down"));
  }

  @Test
  void compute_serviceRemovedFromSpec_stopsItsReplicas() {
    Desired onlyCatalog = new Desired(List.of(new Desired.App("shop", false,
        List.of(new Desired.Service("catalog", 1, List.of())))));

    Plan plan = Reconciler.compute(onlyCatalog, List.of(replica("catalog", 1, Phase.READY), replica("gateway", 1, Phase.READY)), NOW);

    assertThat(plan.actions()).containsExactly(new Action.Stop("shop-gateway-1", "service gateway is no longer in the spec"));
  }

  @Test
  void compute_scaleDown_stopsReplicasThatAreNotReadyFirst() {
    List<Observed> observed = List.of(replica("catalog", 1, Phase.READY), replica("catalog", 2, Phase.STARTING),
        replica("catalog", 3, Phase.READY));

    Plan plan = Reconciler.compute(shop(false, 2, 0), observed, NOW);

    assertThat(plan.actions()).containsExactly(new Action.Stop("shop-catalog-2", "scaled to 2"));
  }

  @Test
  void compute_scaleUp_usesNewOrdinals() {
    List<Observed> observed = List.of(replica("catalog", 1, Phase.READY), replica("catalog", 4, Phase.READY));

    Plan plan = Reconciler.compute(shop(false, 3, 0), observed, NOW);

    assertThat(plan.actions()).containsExactly(new Action.Start("shop", "catalog", 5));
  }

  @Test
  void compute_rolling_startsFirstThenStopsOldOnceNewIsReady() {
    Desired v2 = rolling(2, 1, 0);
    List<Observed> old = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY));

    assertThat(Reconciler.compute(v2, old, NOW).actions()).containsExactly(new Action.Start("shop", "catalog", 3));

    List<Observed> surged = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY),
        versioned(3, "v2", Phase.STARTING));
    assertThat(Reconciler.compute(v2, surged, NOW).isEmpty()).isTrue();

    List<Observed> newReady = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY),
        versioned(3, "v2", Phase.READY));
    // The stop frees the surge slot, so the next new replica starts in the same step.
    assertThat(Reconciler.compute(v2, newReady, NOW).actions()).containsExactly(
        new Action.Stop("shop-catalog-1", "replaced by version v2"), new Action.Start("shop", "catalog", 4));
  }

  @Test
  void compute_rolling_newReplicaStopsAnOldOneOnlyAfterTheMinHealthyTime() {
    Desired v2 = new Desired(List.of(new Desired.App("shop", false, List.of(new Desired.Service("catalog", 2, List.of(),
        "v2", 1, 0, Desired.Replacement.ROLLING, false, 0, Duration.ofSeconds(10))))));
    Observed justReady = new Observed("shop-catalog-3", "shop", "catalog", 3, "v2", Phase.READY, NOW, NOW.minusSeconds(4));
    List<Observed> observed = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY), justReady);

    assertThat(Reconciler.compute(v2, observed, NOW).isEmpty()).isTrue();
    assertThat(Reconciler.compute(v2, observed, NOW.plusSeconds(6)).actions()).containsExactly(
        new Action.Stop("shop-catalog-1", "replaced by version v2"), new Action.Start("shop", "catalog", 4));
  }

  @Test
  void compute_rolling_newVersionFailing_neverStopsReadyOldOnes() {
    List<Observed> observed = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY),
        new Observed("shop-catalog-3", "shop", "catalog", 3, "v2", Phase.FAILED, NOW.plusSeconds(5)));

    assertThat(Reconciler.compute(rolling(2, 1, 0), observed, NOW).isEmpty()).isTrue();
  }

  @Test
  void compute_rolling_stopFirstWhenNoSurge() {
    List<Observed> old = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY));

    assertThat(Reconciler.compute(rolling(2, 0, 1), old, NOW).actions()).containsExactly(
        new Action.Stop("shop-catalog-1", "replaced by version v2"), new Action.Start("shop", "catalog", 3));
  }

  @Test
  void compute_blueGreen_startsAWholeSetAndKeepsTheOldOneUntilRetired() {
    Desired keep = new Desired(List.of(new Desired.App("shop", false, List.of(new Desired.Service("catalog", 2, List.of(),
        "v2", 1, 0, Desired.Replacement.BLUE_GREEN, false)))));
    Desired retire = new Desired(List.of(new Desired.App("shop", false, List.of(new Desired.Service("catalog", 2, List.of(),
        "v2", 1, 0, Desired.Replacement.BLUE_GREEN, true)))));
    List<Observed> old = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY));
    List<Observed> both = List.of(versioned(1, "v1", Phase.READY), versioned(2, "v1", Phase.READY),
        versioned(3, "v2", Phase.READY), versioned(4, "v2", Phase.READY));

    assertThat(Reconciler.compute(keep, old, NOW).actions())
        .containsExactly(new Action.Start("shop", "catalog", 3), new Action.Start("shop", "catalog", 4));
    assertThat(Reconciler.compute(keep, both, NOW).isEmpty()).isTrue();
    assertThat(Reconciler.compute(retire, both, NOW).actions()).containsExactly(
        new Action.Stop("shop-catalog-1", "retired by version v2"), new Action.Stop("shop-catalog-2", "retired by version v2"));
  }

  @Test
  void compute_dependencyScaledToZero_doesNotBlockDependant() {
    Plan plan = Reconciler.compute(shop(false, 0, 1), List.of(), NOW);

    assertThat(plan.actions()).containsExactly(new Action.Start("shop", "gateway", 1));
  }
}
