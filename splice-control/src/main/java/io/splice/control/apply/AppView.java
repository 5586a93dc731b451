package io.splice.control.apply;

import io.splice.spec.App;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of one app, taken on the control loop.
 *
 * @param state {@code up} or {@code stopping}
 * @param ready whether every service has all its desired replicas ready
 * @param servicePorts each service's stable local port
 */
public record AppView(App spec, String state, boolean ready, Map<String, Integer> servicePorts, List<ReplicaView> replicas) {}
