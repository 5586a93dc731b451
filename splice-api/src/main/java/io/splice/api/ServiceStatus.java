package io.splice.api;

import java.util.List;

/**
 * A service: its stable address, its public listener if any, and its replicas.
 *
 * @param url the stable local URL dependants receive ({@code http://127.0.0.1:PORT})
 * @param expose the public listener ({@code 127.0.0.1:8080}), or null
 * @param requests requests the proxy has served for it since it started
 * @param version the version its replicas should run
 * @param deployment its last rollout, or null
 * @param autoscale the autoscaler's last decision in words, or null when the service is not autoscaled
 */
public record ServiceStatus(String name, String runtime, int desiredReplicas, int readyReplicas, String url, String expose,
    long requests, List<ReplicaStatus> replicas, String version, DeploymentStatus deployment, String autoscale) {}
