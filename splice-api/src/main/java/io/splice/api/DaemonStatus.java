package io.splice.api;

import java.util.List;

/** The daemon itself, its proxy process, and the apps it runs. */
public record DaemonStatus(long pid, String version, String stateDir, long uptimeSeconds, long proxyPid, int proxyAdminPort,
    boolean proxyAlive, List<String> apps) {}
