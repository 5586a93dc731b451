package io.splice.api;

import java.util.List;

/**
 * The daemon itself, its proxy processes, and the apps it runs.
 *
 * @param proxyPid the first proxy process
 * @param proxyPids every proxy process (two share the listeners where the kernel allows it)
 * @param proxyAlive whether every proxy process runs
 */
public record DaemonStatus(long pid, String version, String stateDir, long uptimeSeconds, long proxyPid, int proxyAdminPort,
    boolean proxyAlive, List<String> apps, List<Long> proxyPids) {}
